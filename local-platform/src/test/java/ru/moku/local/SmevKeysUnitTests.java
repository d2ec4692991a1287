package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.KeyStoreSettings;
import ru.moku.smev.crypto.TrustedCertificates;

/** The GOST key stores of one run: what each side signs with and trusts, and gone after the run. */
class SmevKeysUnitTests {

    @Test
    void theGatewayTrustsSmevAndTheSenderAndTheSimulatorTrustsTheGatewayOnly() {
        try (SmevKeys keys = SmevKeys.generate()) {
            X509Certificate smev = certificate(keys.smevKeyStore(), SmevKeys.SMEV_ALIAS);
            X509Certificate sender = certificate(keys.senderKeyStore(), SmevKeys.SENDER_ALIAS);
            X509Certificate gateway = certificate(keys.gatewayKeyStore(), SmevKeys.GATEWAY_ALIAS);
            TrustedCertificates gatewayTrusts = KeyMaterial.trusted(keys.trustSmev(), SmevKeys.PASSWORD);
            TrustedCertificates simulatorTrusts = KeyMaterial.trusted(keys.trustGateway(), SmevKeys.PASSWORD);

            assertThat(gatewayTrusts.trusts(smev)).isTrue();
            assertThat(gatewayTrusts.trusts(sender)).isTrue();
            assertThat(gatewayTrusts.trusts(gateway)).isFalse();
            assertThat(simulatorTrusts.trusts(gateway)).isTrue();
            assertThat(simulatorTrusts.trusts(smev)).isFalse();
        }
    }

    @Test
    void closingDeletesTheKeysDirectory() {
        SmevKeys keys = SmevKeys.generate();
        assertThat(keys.gatewayKeyStore()).exists();

        keys.close();

        assertThat(Files.exists(keys.directory())).isFalse();
    }

    private static X509Certificate certificate(Path keyStore, String alias) {
        return KeyMaterial.signingKey(new KeyStoreSettings(keyStore, SmevKeys.PASSWORD, alias)).certificate();
    }
}
