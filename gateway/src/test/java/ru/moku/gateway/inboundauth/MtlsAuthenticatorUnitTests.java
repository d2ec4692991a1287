package ru.moku.gateway.inboundauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class MtlsAuthenticatorUnitTests {

    private static final TestCertificates.Issued CA = TestCertificates.authority("Test CA");
    private static final TestCertificates.Issued ADAPTER = TestCertificates.client("smev-adapter", CA,
            Instant.now().plus(Duration.ofDays(1)));

    private final MtlsAuthenticator authenticator = new MtlsAuthenticator(List.of(ADAPTER.certificate()),
            Clock.systemUTC());

    @Test
    void theAdaptersCertificateIsAllowed() {
        assertThat(authenticator.authenticate(withClient(ADAPTER.certificate())))
                .isInstanceOfSatisfying(AuthDecision.Allowed.class,
                        allowed -> assertThat(allowed.caller().description()).contains("CN=smev-adapter"));
    }

    @Test
    void aRequestWithoutTlsIsUnauthenticated() {
        MockServerWebExchange plain = MockServerWebExchange.from(MockServerHttpRequest.post("/smev/inbound"));

        assertThat(authenticator.authenticate(plain)).isInstanceOf(AuthDecision.Unauthenticated.class);
    }

    @Test
    void aTlsSessionWithoutClientCertificateIsUnauthenticated() {
        assertThat(authenticator.authenticate(withClient())).isInstanceOf(AuthDecision.Unauthenticated.class);
    }

    @Test
    void anotherCertificateOfTheSameAuthorityIsForbidden() {
        TestCertificates.Issued stranger = TestCertificates.client("somebody", CA, Instant.now().plus(Duration.ofDays(1)));

        assertThat(authenticator.authenticate(withClient(stranger.certificate())))
                .isInstanceOf(AuthDecision.Forbidden.class);
    }

    @Test
    void anExpiredAdapterCertificateIsUnauthenticated() {
        TestCertificates.Issued expired = TestCertificates.client("smev-adapter-old", CA,
                Instant.now().minus(Duration.ofMinutes(1)));
        MtlsAuthenticator trustingExpired = new MtlsAuthenticator(List.of(expired.certificate()), Clock.systemUTC());

        assertThat(trustingExpired.authenticate(withClient(expired.certificate())))
                .isInstanceOf(AuthDecision.Unauthenticated.class);
    }

    private static MockServerWebExchange withClient(X509Certificate... chain) {
        SslInfo tls = new SslInfo() {
            @Override
            public String getSessionId() {
                return "test";
            }

            @Override
            public X509Certificate[] getPeerCertificates() {
                return chain.length == 0 ? null : chain;
            }
        };
        return MockServerWebExchange.from(MockServerHttpRequest.post("/smev/inbound").sslInfo(tls));
    }
}
