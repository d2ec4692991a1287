package ru.moku.simulators.dadata;

import java.util.List;

/**
 * Generated identifiers with what the simulator answers for each ({@code GET /admin/dadata/parties/sample}):
 * tests and benchmarks pick their identifiers here and know the expected outcomes.
 *
 * @param seed    the seed of the identifiers (the same seed gives the same identifiers)
 * @param parties one per identifier, in order
 */
public record PartySample(long seed, List<PartySummary> parties) {

    public PartySample {
        parties = List.copyOf(parties);
    }
}
