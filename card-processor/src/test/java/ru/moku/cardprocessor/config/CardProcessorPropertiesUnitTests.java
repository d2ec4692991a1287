package ru.moku.cardprocessor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import ru.moku.runtime.testing.TestSurveyKeys;

/** card-processor's settings as Spring binds and validates them, without a server. */
class CardProcessorPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void refusesToStartWithoutTheSurveyTokenKeyAndNamesTheProperty() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("moku.card-processor.survey.token-private-key")
                .hasMessageContaining("MOKU_CARDPROCESSOR_SURVEY_TOKENPRIVATEKEY"));
    }

    @Test
    void theDefaultsHandOffThroughRabbitMqAndRetryAsTheSeedSays() {
        runner.withPropertyValues("moku.card-processor.survey.token-private-key=" + TestSurveyKeys.privateKey())
                .run(context -> {
                    CardProcessorProperties properties = context.getBean(CardProcessorProperties.class);
                    assertThat(properties.handoff().variant()).isEqualTo(CardProcessorProperties.Variant.RABBITMQ);
                    assertThat(properties.handoff().orgRegistry().rejectionAttempts()).isEqualTo(3);
                    assertThat(properties.handoff().orgRegistry().timeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.survey().tokenTtl()).isEqualTo(Duration.ofDays(30));
                    assertThat(properties.survey().surveyId()).isEqualTo("default");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CardProcessorProperties.class)
    static class PropertiesOnly {
    }
}
