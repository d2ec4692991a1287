package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedCertificatesUnitTests {

    private static final SigningKey AUTHORITY = GostKeys.generate("Trusted CA");
    private static final SigningKey OTHER_AUTHORITY = GostKeys.generate("Other CA");

    @Test
    void aTrustedCertificateItselfIsTrusted() {
        assertThat(TrustedCertificates.of(List.of(AUTHORITY.certificate())).trusts(AUTHORITY.certificate())).isTrue();
    }

    @Test
    void aCertificateIssuedByATrustedOneIsTrusted() {
        SigningKey issued = GostKeys.issue("Issued", AUTHORITY);

        assertThat(TrustedCertificates.of(List.of(AUTHORITY.certificate())).trusts(issued.certificate())).isTrue();
    }

    @Test
    void aCertificateIssuedByAnotherAuthorityIsNotTrusted() {
        SigningKey issued = GostKeys.issue("Issued elsewhere", OTHER_AUTHORITY);

        assertThat(TrustedCertificates.of(List.of(AUTHORITY.certificate())).trusts(issued.certificate())).isFalse();
    }

    @Test
    void aCertificateClaimingATrustedIssuerButSignedByAnotherKeyIsNotTrusted() {
        // Same issuer name as the trusted authority, different key: the name alone must not be enough.
        SigningKey impostor = GostKeys.generate("Trusted CA");
        SigningKey issued = GostKeys.issue("Issued by impostor", impostor);

        assertThat(TrustedCertificates.of(List.of(AUTHORITY.certificate())).trusts(issued.certificate())).isFalse();
    }

    @Test
    void anExpiredCertificateIsNotTrustedEvenIfListed() {
        Instant now = Instant.now();
        SigningKey expired = GostKeys.generate("Expired", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));

        TrustedCertificates trusted = TrustedCertificates.of(List.of(expired.certificate()));

        assertThat(trusted.trusts(expired.certificate())).isFalse();
        assertThat(trusted.problem(expired.certificate())).startsWith("certificate CN=Expired is not valid now");
    }

    @Test
    void validityIsJudgedByTheGivenClock() {
        Clock inFourYears = Clock.fixed(Instant.now().plus(Duration.ofDays(4 * 365)), ZoneOffset.UTC);

        assertThat(TrustedCertificates.of(List.of(AUTHORITY.certificate()), inFourYears).trusts(AUTHORITY.certificate()))
                .isFalse();
    }
}
