package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Defaults are the safe ones; a wrong setting stops the start with a message naming the property. */
class SmevSimulatorPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsAreSmevsTimingsWithoutFaults() {
        runner.run(context -> {
            SmevSimulatorProperties properties = context.getBean(SmevSimulatorProperties.class);
            assertThat(properties.redeliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.clockSkewTolerance()).isEqualTo(Duration.ofMinutes(30));
            assertThat(properties.validateRequests()).isTrue();
            assertThat(properties.seed()).isNull();
            assertThat(properties.faults()).isEqualTo(SmevSimulatorProperties.Faults.NONE);
            assertThat(properties.admin()).isEqualTo(new SmevSimulatorProperties.Admin(10_000, 100));
        });
    }

    @Test
    void realSmevsHabitsAreAllOffByDefaultSoTheSimulatorAnswersAsBefore() {
        runner.run(context -> {
            SmevSimulatorProperties properties = context.getBean(SmevSimulatorProperties.class);
            assertThat(properties.mtom()).isEqualTo(new SmevSimulatorProperties.Mtom(false, false));
            assertThat(properties.asyncStatus().enabled()).isFalse();
            assertThat(properties.fileStorage().enabled()).isFalse();
            assertThat(properties.fileStorage().port()).isEqualTo(2121);
            assertThat(properties.signing().enabled()).isFalse();
            assertThat(properties.verification().verifyCallers()).isFalse();
        });
    }

    @Test
    void faultsAreBoundFromProperties() {
        runner.withPropertyValues("simulators.smev.faults.latency=150ms", "simulators.smev.faults.drop-ack-rate=0.5")
                .run(context -> assertThat(context.getBean(SmevSimulatorProperties.class).faults())
                        .isEqualTo(new SmevSimulatorProperties.Faults(Duration.ofMillis(150), Duration.ZERO, 0, 0, 0, 0.5)));
    }

    @Test
    void aRateAboveOneRefusesToStart() {
        runner.withPropertyValues("simulators.smev.faults.soap-fault-rate=1.5")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("simulators.smev.faults.soapFaultRate"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SmevSimulatorProperties.class)
    static class PropertiesOnly {
    }
}
