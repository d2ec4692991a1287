package ru.moku.survey.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import ru.moku.runtime.testing.TestSurveyKeys;

class SurveyServicePropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void refusesToStartWithoutTheTokenPublicKeyAndNamesTheProperty() {
        runner.run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("moku.survey.token.public-key")
                .hasMessageContaining("MOKU_SURVEY_TOKEN_PUBLICKEY"));
    }

    @Test
    void defaultsTheLongestTextAnswerTo2000Characters() {
        runner.withPropertyValues("moku.survey.token.public-key=" + TestSurveyKeys.publicKey())
                .run(context -> {
                    SurveyServiceProperties properties = context.getBean(SurveyServiceProperties.class);
                    assertThat(properties.answers().maxTextLength()).isEqualTo(2000);
                    assertThat(properties.token().publicKey()).contains("BEGIN PUBLIC KEY");
                    assertThat(properties.export().pageSize()).isEqualTo(1000);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SurveyServiceProperties.class)
    static class PropertiesOnly {
    }
}
