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
    void theMachinesServersUnlessTheServersToDisturbAreNamed() {
        ChaosOptions machine = ChaosOptions.parse();
        ChaosOptions private_ = ChaosOptions.parse("--postgres-port=5433", "--postgres-cluster=moku-chaos",
                "--rabbitmq-host=127.0.0.2", "--rabbitmq-node=moku-chaos@localhost");

        assertThat(List.of(machine.postgresHost(), machine.postgresPort(), machine.postgresCluster(),
                machine.rabbitHost(), machine.rabbitNode())).containsExactly("127.0.0.1", 5432, "main", "127.0.0.1", "");
        assertThat(List.of(private_.postgresPort(), private_.postgresCluster(), private_.rabbitHost(),
                private_.rabbitNode())).containsExactly(5433, "moku-chaos", "127.0.0.2", "moku-chaos@localhost");
        Infra infra = new Infra(private_.rabbitHost(), private_.rabbitNode(), private_.postgresCluster());
        assertThat(infra.rabbitctl("stop_app")).isEqualTo("rabbitmqctl -n moku-chaos@localhost stop_app");
        assertThat(new Infra(machine.rabbitHost(), machine.rabbitNode(), machine.postgresCluster())
                .rabbitctl("stop_app")).isEqualTo("rabbitmqctl stop_app");
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
