package ru.moku.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.testing.TestSurveyKeys;

class SurveyApiPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesAndVerifier.class);

    @Test
    void withoutThePublicKeyTheGatewayRefusesToStartNamingTheProperty() {
        runner.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("moku.gateway.surveys.token-public-key")
                .hasMessageContaining("MOKU_GATEWAY_SURVEYS_TOKENPUBLICKEY"));
    }

    @Test
    void aKeyThatIsNotAnEcPublicKeyRefusesToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.surveys.token-public-key=not a key")
                .run(context -> assertThat(context).getFailure()
                        .hasMessageContaining("moku.gateway.surveys.token-public-key is not usable"));
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.withPropertyValues("moku.gateway.surveys.token-public-key=" + TestSurveyKeys.publicKey())
                .run(context -> {
                    SurveyApiProperties properties = context.getBean(SurveyApiProperties.class);
                    assertThat(properties.surveyServiceUrl()).isEqualTo(URI.create("http://127.0.0.1:8084"));
                    assertThat(properties.allowedOrigin()).isEqualTo("http://127.0.0.1:3000");
                    assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofKilobytes(64));
                    assertThat(properties.rateLimit().requests()).isEqualTo(20);
                    assertThat(properties.rateLimit().window()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SurveyApiProperties.class)
    static class PropertiesAndVerifier {

        @Bean
        SurveyTokens.Verifier verifier(SurveyApiProperties properties) {
            return new SurveyApiConfiguration().surveyTokenVerifier(properties);
        }
    }
}
