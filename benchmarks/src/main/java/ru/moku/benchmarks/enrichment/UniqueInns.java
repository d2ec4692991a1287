package ru.moku.benchmarks.enrichment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * Valid legal-entity ИНН, each handed out once in a run: a lookup of an identifier asked before could be
 * answered by a cache or share a call (single-flight) and hide a request. The seed is fixed so that every
 * run asks the same identifiers, and the simulator (deterministic per identifier) gives the same mix of
 * found and not found. Thread-safe.
 */
final class UniqueInns {

    static final long SEED = 20251122L;

    private final IdentifierGenerator generator = new IdentifierGenerator(new SplittableRandom(SEED));
    private final Set<String> used = new HashSet<>();

    synchronized String next() {
        while (true) {
            // ~10^9 possible values: a repeat is rare but possible within a few ten thousand draws.
            String inn = generator.legalEntityInn();
            if (used.add(inn)) {
                return inn;
            }
        }
    }

    /** {@code count} identifiers drawn ahead, so that drawing them is not part of a measured run. */
    List<String> next(int count) {
        List<String> inns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inns.add(next());
        }
        return inns;
    }
}
