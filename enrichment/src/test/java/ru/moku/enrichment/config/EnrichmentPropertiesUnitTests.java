package ru.moku.enrichment.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The enrichment's settings as Spring binds and validates them, without a server. */
class EnrichmentPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void theDefaultsProtectDadata() {
        runner.run(context -> {
            EnrichmentProperties.Resilience resilience = context.getBean(EnrichmentProperties.class).resilience();
            assertThat(resilience.rateLimit()).isEqualTo(30);
            assertThat(resilience.callTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(resilience.maxAttempts()).isEqualTo(3);
            assertThat(resilience.minimumCalls()).isEqualTo(20);
            assertThat(resilience.slidingWindowSize()).isEqualTo(100);
            assertThat(resilience.openFor()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void aWindowSmallerThanTheMinimumCallsRefusesToStartAndNamesTheProperty() {
        runner.withPropertyValues("moku.enrichment.resilience.minimum-calls=50",
                        "moku.enrichment.resilience.sliding-window-size=20")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("moku.enrichment.resilience.sliding-window-size"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EnrichmentProperties.class)
    static class PropertiesOnly {
    }
}
