package ru.moku.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import ru.moku.gateway.intake.InvalidSignaturePolicy;

/**
 * Verification of the XML signatures on SMEV messages taken in ({@code moku.gateway.smev.verification.*}), issue 10:
 * {@code SMEVSignature} over {@code Response}, {@code SenderInformationSystemSignature} over
 * {@code SenderProvidedResponseData}, {@code PersonalSignature} when present.
 *
 * @param enabled                whether signatures are verified at all (off: every message passes unverified)
 * @param trustStore             PKCS#12 or PEM file with the certificates trusted to sign (SMEV's, the providers'); required when enabled
 * @param trustStorePassword     password of the trust store (empty for PEM)
 * @param invalidSignaturePolicy a pulled message whose signature fails: ACK (stored as evidence and acknowledged) or KEEP (left in SMEV)
 */
@Validated
@ConfigurationProperties("moku.gateway.smev.verification")
public record SmevVerificationProperties(
        @DefaultValue("false") boolean enabled,
        Path trustStore,
        @DefaultValue("") String trustStorePassword,
        @DefaultValue("ACK") @NotNull InvalidSignaturePolicy invalidSignaturePolicy) {

    @AssertTrue(message = "moku.gateway.smev.verification.trust-store is required when verification is enabled")
    public boolean isTrustStoreGivenWhenEnabled() {
        return !enabled || trustStore != null;
    }
}
