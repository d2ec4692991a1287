package ru.moku.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import ru.moku.gateway.inboundauth.HmacAuthenticator;
import ru.moku.gateway.inboundauth.PeerAddressAuthenticator;
import ru.moku.gateway.inboundauth.PushAuthenticator;

class InboundAuthPropertiesUnitTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesAndAuthenticator.class);

    @Test
    void withoutAModeTheGatewayRefusesToStartNamingTheProperty() {
        runner.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("moku.gateway.push.auth.mode"));
    }

    @Test
    void hmacWithoutKeysRefusesToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=HMAC")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("moku.gateway.push.auth.hmac.keys"));
    }

    @Test
    void hmacWithAShortSecretRefusesToStart() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=HMAC",
                        "moku.gateway.push.auth.hmac.keys.adapter=too-short")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("at least 32 characters"));
    }

    @Test
    void mtlsWithoutTlsAskingForAClientCertificateRefusesToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=MTLS",
                        "moku.gateway.push.auth.mtls.trusted-certificates=/nonexistent/adapters.pem")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("server.ssl.client-auth"));
    }

    @Test
    void mtlsWithAnUnreadableCertificateFileRefusesToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=MTLS", "server.ssl.client-auth=want",
                        "moku.gateway.push.auth.mtls.trusted-certificates=/nonexistent/adapters.pem")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("moku.gateway.push.auth.mtls.trusted-certificates (/nonexistent/adapters.pem)"
                                + " cannot be read"));
    }

    @Test
    void hmacWithKeysStartsWithTheDocumentedDefaults() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=HMAC", "moku.gateway.push.auth.hmac.keys.adapter=" + SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(PushAuthenticator.class)).isInstanceOf(HmacAuthenticator.class);
                    InboundAuthProperties properties = context.getBean(InboundAuthProperties.class);
                    assertThat(properties.hmac().window()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(properties.rateLimit().enabled()).isTrue();
                    assertThat(properties.rateLimit().requests()).isEqualTo(6000);
                    assertThat(properties.rateLimit().window()).isEqualTo(Duration.ofMinutes(1));
                });
    }

    @Test
    void noneIsAcceptedWhenSetOnPurpose() {
        runner.withPropertyValues("moku.gateway.push.auth.mode=NONE")
                .run(context -> assertThat(context.getBean(PushAuthenticator.class))
                        .isInstanceOf(PeerAddressAuthenticator.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InboundAuthProperties.class)
    static class PropertiesAndAuthenticator {

        @Bean
        PushAuthenticator authenticator(InboundAuthProperties properties, Environment environment) {
            return InboundAuthConfiguration.authenticator(properties, environment);
        }
    }
}
