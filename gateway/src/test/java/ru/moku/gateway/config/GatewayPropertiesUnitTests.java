package ru.moku.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import ru.moku.model.xml.Namespaces;

class GatewayPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.push().maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
            GatewayProperties.Pull pull = properties.pull();
            assertThat(pull.enabled()).isFalse();
            assertThat(pull.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8090/smev"));
            assertThat(pull.concurrency()).isEqualTo(2);
            assertThat(pull.maxConcurrency()).isEqualTo(16);
            assertThat(pull.idleBackoff()).isEqualTo(Duration.ofSeconds(1));
            assertThat(pull.maxIdleBackoff()).isEqualTo(Duration.ofSeconds(10));
            assertThat(pull.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(pull.namespaceUri()).isEqualTo(Namespaces.SERVICE_DATA_1_0);
            assertThat(pull.rootElementLocalName()).isEqualTo("ServiceData");
            assertThat(properties.reprocessing().enabled()).isTrue();
            GatewayProperties.Intake intake = properties.intake();
            assertThat(intake.parserThreadCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(intake.groupMaxSize()).isEqualTo(64);
            assertThat(intake.groupTransactions()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(intake.groupWindow()).isZero();
            assertThat(properties.reprocessing().interval()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void aMaximumIdleBackoffShorterThanTheIdleBackoffRefusesToStart() {
        runner.withPropertyValues("moku.gateway.pull.idle-backoff=5s", "moku.gateway.pull.max-idle-backoff=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("moku.gateway.pull")
                        .hasMessageContaining("max-idle-backoff must not be shorter than idle-backoff"));
    }

    @Test
    void zeroPullLoopsRefuseToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.pull.concurrency=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("moku.gateway.pull.concurrency"));
    }

    @Test
    void aMaximumOfPullLoopsBelowTheSteadyOnesRefusesToStart() {
        runner.withPropertyValues("moku.gateway.pull.concurrency=4", "moku.gateway.pull.max-concurrency=2")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("max-concurrency must not be less than concurrency"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class PropertiesOnly {
    }
}
