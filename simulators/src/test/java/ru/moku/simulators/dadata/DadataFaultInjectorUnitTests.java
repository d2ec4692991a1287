package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;
import ru.moku.simulators.dadata.DadataFaultInjector.Failure;

class DadataFaultInjectorUnitTests {

    private static final int DRAWS = 100_000;

    @Test
    void failureRatesAreSharesOfTheRequests() {
        Faults faults = new Faults(Duration.ZERO, Duration.ZERO, 0.05, Duration.ofSeconds(30), 0.01, 0.01, 0.02, 0,
                Duration.ZERO, 0);
        DadataFaultInjector injector = new DadataFaultInjector(faults, new Random(1));

        Map<Failure, Integer> counts = new EnumMap<>(Failure.class);
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(injector.nextFailure(faults), 1, Integer::sum);
        }

        assertThat(share(counts, Failure.TIMEOUT)).isCloseTo(0.05, within(0.005));
        assertThat(share(counts, Failure.HTTP_500)).isCloseTo(0.01, within(0.003));
        assertThat(share(counts, Failure.HTTP_502)).isCloseTo(0.01, within(0.003));
        assertThat(share(counts, Failure.HTTP_503)).isCloseTo(0.02, within(0.003));
        assertThat(share(counts, Failure.NONE)).isCloseTo(0.91, within(0.005));
    }

    @Test
    void theSameSeedInjectsTheSameFailures() {
        Faults faults = new Faults(Duration.ofMillis(10), Duration.ofMillis(50), 0.3, Duration.ofSeconds(1), 0.2, 0,
                0.2, 0, Duration.ZERO, 0);

        assertThat(draws(new DadataFaultInjector(faults, new Random(42)), faults))
                .isEqualTo(draws(new DadataFaultInjector(faults, new Random(42)), faults));
    }

    @Test
    void latencyIsTheFixedPartPlusAtMostTheJitter() {
        Faults faults = new Faults(Duration.ofMillis(100), Duration.ofMillis(50), 0, Duration.ofSeconds(1), 0, 0, 0, 0,
                Duration.ZERO, 0);
        DadataFaultInjector injector = new DadataFaultInjector(faults, new Random(3));

        for (int i = 0; i < 1_000; i++) {
            assertThat(injector.nextLatency(faults)).isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
        }
    }

    @Test
    void noFailureIsDrawnWithoutRates() {
        DadataFaultInjector injector = new DadataFaultInjector(Faults.NONE, new Random(5));

        for (int i = 0; i < 1_000; i++) {
            assertThat(injector.nextFailure(Faults.NONE)).isEqualTo(Failure.NONE);
        }
    }

    @Test
    void resetRestoresTheConfiguredFaults() {
        Faults configured = new Faults(Duration.ofMillis(5), Duration.ZERO, 0, Duration.ofSeconds(1), 0, 0, 0.5, 0,
                Duration.ZERO, 0);
        DadataFaultInjector injector = new DadataFaultInjector(configured, new Random(7));
        injector.replace(Faults.NONE);

        assertThat(injector.reset()).isEqualTo(configured);
        assertThat(injector.current()).isEqualTo(configured);
    }

    private static List<Object> draws(DadataFaultInjector injector, Faults faults) {
        List<Object> draws = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            draws.add(injector.nextFailure(faults));
            draws.add(injector.nextLatency(faults));
        }
        return draws;
    }

    private static double share(Map<Failure, Integer> counts, Failure failure) {
        return counts.getOrDefault(failure, 0) / (double) DRAWS;
    }
}
