package ru.moku.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.XmlSmevSigner;
import ru.moku.gateway.xml.CryptoWorkers;
import ru.moku.smev.crypto.GostKeys;

class SmevSigningConfigurationUnitTests {

    @TempDir
    Path dir;

    @Test
    void anUnreadableKeyStoreStopsStartUpNamingTheProperty() throws Exception {
        Path notAKeyStore = Files.writeString(dir.resolve("gateway.p12"), "not PKCS#12");
        CryptoWorkers workers = new CryptoWorkers(1, 10);
        try {
            assertThatThrownBy(() -> new SmevSigningConfiguration().smevSigner(
                    new SmevSigningProperties(true, notAKeyStore, "changeit", ""), workers, new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("moku.gateway.smev.signing.key-store")
                    .hasMessageContaining(notAKeyStore.toString());
        } finally {
            workers.destroy();
        }
    }

    @Test
    void aReadableKeyStoreGivesASigner() {
        Path store = dir.resolve("gateway.p12");
        GostKeys.writePkcs12(store, "changeit", "gateway", GostKeys.generate("МОКУ gateway"));
        CryptoWorkers workers = new CryptoWorkers(1, 10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try {
            SmevSigner signer = new SmevSigningConfiguration().smevSigner(
                    new SmevSigningProperties(true, store, "changeit", "gateway"), workers, meters);

            assertThat(signer).isNotSameAs(SmevSigner.UNSIGNED);
            assertThat(meters.timer(XmlSmevSigner.SIGN_TIMER).count()).as("the warm-up signature, timed").isEqualTo(1);
        } finally {
            workers.destroy();
        }
    }
}
