package ru.moku.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportUnitTests {

    @Test
    void theTableHasAScenarioPerRowAndFailuresAreMarked() {
        ScenarioResult passed = new ScenarioResult("baseline", "No fault.", 200, Duration.ofMillis(61_250), null, null,
                true, List.of("+60.0 s all 200 SMEV messages queued"),
                Invariants.evaluate(InvariantsUnitTests.healthy()), Map.of("pos_os LKO_REJECTED", 3L), null);
        ScenarioResult failed = new ScenarioResult("kafka-restart", "Kafka killed.", 200, Duration.ofSeconds(90),
                Duration.ofSeconds(20), Duration.ofMillis(12_340), true, List.of("+20.0 s kill -9 the Kafka broker"),
                List.of(new Check("outbox rows left unpublished", "0", "3 (qal 3)", false)), Map.of(), null);

        String md = Report.markdown("Fault-injection suite — 2026-12-05", "Setting.", List.of(passed, failed));

        assertThat(md).startsWith("# Fault-injection suite — 2026-12-05\n\nSetting.\n");
        assertThat(md).contains("| baseline | 200 | 61.3 s | — | — | — | 15/15 | PASS |");
        assertThat(md).contains("| kafka-restart | 200 | 90.0 s | 20.0 s | 70.0 s | 12.3 s | 0/1 | **FAIL** |");
        assertThat(md).contains("**FAIL**: 1 of 2 scenarios passed.");
        assertThat(md).contains("## kafka-restart — FAIL");
        assertThat(md).contains("| outbox rows left unpublished | 0 | 3 (qal 3) | **FAIL** |");
        assertThat(md).contains("- +20.0 s kill -9 the Kafka broker");
        assertThat(md).contains("Open incidents: pos_os LKO_REJECTED 3");
    }

    @Test
    void aScenarioThatCouldNotRunFailsWithItsReason() {
        ScenarioResult broken = ScenarioResult.failed("postgres-restart", "PostgreSQL restarted.", 200,
                Duration.ofSeconds(5), List.of(), "java.lang.IllegalStateException: no cluster");

        String md = Report.markdown("T", "S", List.of(broken));

        assertThat(broken.pass()).isFalse();
        assertThat(md).contains("| postgres-restart | 200 | 5.0 s | — | — | not completed | 0/0 | **FAIL** |");
        assertThat(md).contains("**Could not run to its checks:** java.lang.IllegalStateException: no cluster");
    }

    @Test
    void aCompletedScenarioWithEveryInvariantHoldingPasses() {
        ScenarioResult result = new ScenarioResult("x", "d", 1, Duration.ZERO, null, null, true, List.of(),
                List.of(new Check("a", "1", "1", true)), Map.of(), null);
        ScenarioResult notCompleted = new ScenarioResult("x", "d", 1, Duration.ZERO, null, null, false, List.of(),
                List.of(new Check("a", "1", "1", true)), Map.of(), null);

        assertThat(result.pass()).isTrue();
        assertThat(notCompleted.pass()).isFalse();
    }
}
