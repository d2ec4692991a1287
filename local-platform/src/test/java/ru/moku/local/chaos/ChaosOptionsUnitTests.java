package ru.moku.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosOptionsUnitTests {

    @Test
    void defaultsAreTenThousandCardsEveryScenarioTwoReplicas() {
        ChaosOptions options = ChaosOptions.parse();

        assertThat(options.cards()).isEqualTo(10_000);
        assertThat(options.scenarios()).containsExactly(Scenario.values());
        assertThat(options.replicas()).isEqualTo(2);
        assertThat(options.feed()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void scenariosByNameInTheOrderGiven() {
        ChaosOptions options = ChaosOptions.parse("--cards=200", "--scenario=kafka-restart,kill-all-gateway",
                "--feed=90s", "--timeout=10m");

        assertThat(options.cards()).isEqualTo(200);
        assertThat(options.scenarios()).containsExactly(Scenario.KAFKA_RESTART, Scenario.KILL_ALL_GATEWAY);
        assertThat(options.feed()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.args()).isEqualTo(List.of("--cards=200", "--scenario=kafka-restart,kill-all-gateway",
                "--feed=90s", "--timeout=10m"));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> ChaosOptions.parse("--scenario=nope")).hasMessageContaining("no scenario nope");
        assertThatThrownBy(() -> ChaosOptions.parse("--cards=0")).hasMessageContaining("--cards must be at least 1");
        assertThatThrownBy(() -> ChaosOptions.parse("--feed=soon")).hasMessageContaining("--feed must be a duration");
        assertThatThrownBy(() -> ChaosOptions.parse("--answer-share=2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ChaosOptions.parse("--colour=red")).hasMessageContaining("unknown option --colour");
    }
}
