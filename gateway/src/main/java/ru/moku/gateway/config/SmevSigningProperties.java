package ru.moku.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing our SMEV requests ({@code moku.gateway.smev.signing.*}): {@code CallerInformationSystemSignature} on
 * GetResponse, Ack and SendRequest with the information system's GOST key. Real SMEV refuses unsigned requests; an
 * SMEV simulator or an adapter that signs for us does not need it, hence off by default.
 *
 * @param enabled          whether our requests are signed
 * @param keyStore         PKCS#12 file with our private key and certificate (from the deployment's secret, never the image); required when enabled
 * @param keyStorePassword password of the key store (and of its key)
 * @param keyAlias         alias of the key in the store; empty = the store's only key
 */
@Validated
@ConfigurationProperties("moku.gateway.smev.signing")
public record SmevSigningProperties(
        @DefaultValue("false") boolean enabled,
        Path keyStore,
        @DefaultValue("") String keyStorePassword,
        @DefaultValue("") String keyAlias) {

    @AssertTrue(message = "moku.gateway.smev.signing.key-store is required when moku.gateway.smev.signing.enabled=true")
    public boolean isKeyStoreGivenWhenEnabled() {
        return !enabled || keyStore != null;
    }
}
