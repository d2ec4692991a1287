package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialUnitTests {

    private static final SigningKey GATEWAY = GostKeys.generate("Gateway test");

    @TempDir
    Path dir;

    @Test
    void aWrittenKeyStoreReadsBackTheSameKeyAndCertificate() {
        Path file = dir.resolve("gateway.p12");
        GostKeys.writePkcs12(file, "secret", "gateway", GATEWAY);

        SigningKey read = KeyMaterial.signingKey(new KeyStoreSettings(file, "secret", "gateway"));

        assertThat(read.certificate()).isEqualTo(GATEWAY.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(GATEWAY.privateKey().getEncoded());
    }

    @Test
    void withoutAnAliasTheOnlyKeyIsTaken() {
        Path file = dir.resolve("gateway.p12");
        GostKeys.writePkcs12(file, "secret", "gateway", GATEWAY);

        assertThat(KeyMaterial.signingKey(new KeyStoreSettings(file, "secret", null)).certificate())
                .isEqualTo(GATEWAY.certificate());
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        Path missing = dir.resolve("nowhere.p12");

        assertThatThrownBy(() -> KeyMaterial.signingKey(new KeyStoreSettings(missing, "secret", "gateway")))
                .isInstanceOf(SmevCryptoException.class)
                .hasMessage("key store " + missing.toAbsolutePath() + " does not exist or is not a file");
    }

    @Test
    void aWrongPasswordIsNamedWithThePath() {
        Path file = dir.resolve("gateway.p12");
        GostKeys.writePkcs12(file, "secret", "gateway", GATEWAY);

        assertThatThrownBy(() -> KeyMaterial.signingKey(new KeyStoreSettings(file, "wrong", "gateway")))
                .isInstanceOf(SmevCryptoException.class)
                .hasMessageStartingWith("key store " + file + " cannot be opened: wrong password or not a PKCS#12 file");
    }

    @Test
    void anUnknownAliasIsNamedWithTheAliasesThereAre() {
        Path file = dir.resolve("gateway.p12");
        GostKeys.writePkcs12(file, "secret", "gateway", GATEWAY);

        assertThatThrownBy(() -> KeyMaterial.signingKey(new KeyStoreSettings(file, "secret", "smev")))
                .isInstanceOf(SmevCryptoException.class)
                .hasMessage("key store " + file + " has no private key under alias \"smev\" (aliases: [gateway])");
    }

    @Test
    void aFileThatIsNotAKeyStoreIsRefusedWithItsPath() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a key store");

        assertThatThrownBy(() -> KeyMaterial.signingKey(new KeyStoreSettings(file, "secret", "gateway")))
                .isInstanceOf(SmevCryptoException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aTrustStoreYieldsEveryCertificateInIt() {
        SigningKey other = GostKeys.generate("Other test");
        Path file = dir.resolve("trust.p12");
        GostKeys.writeTrustStore(file, "secret", GATEWAY.certificate(), other.certificate());

        assertThat(KeyMaterial.trusted(file, "secret").certificates())
                .containsExactlyInAnyOrder(GATEWAY.certificate(), other.certificate());
    }

    @Test
    void aPemFileIsATrustStoreToo() throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(GATEWAY.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Path file = Files.writeString(dir.resolve("trust.pem"), pem);

        assertThat(KeyMaterial.trusted(file, null).certificates()).containsExactly(GATEWAY.certificate());
    }

    @Test
    void theCliWritesTheLocalKeyAndTrustStores() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        GostKeys.writeLocalKeys(dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

        SigningKey smev = KeyMaterial.signingKey(new KeyStoreSettings(dir.resolve("smev.p12"), "changeit", "smev"));
        SigningKey sender = KeyMaterial.signingKey(new KeyStoreSettings(dir.resolve("sender.p12"), "changeit", "sender"));
        SigningKey gateway =
                KeyMaterial.signingKey(new KeyStoreSettings(dir.resolve("gateway.p12"), "changeit", "gateway"));
        assertThat(KeyMaterial.trusted(dir.resolve("trust-smev.p12"), "changeit").certificates())
                .containsExactlyInAnyOrder(smev.certificate(), sender.certificate());
        assertThat(KeyMaterial.trusted(dir.resolve("trust-gateway.p12"), "changeit").certificates())
                .containsExactly(gateway.certificate());
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).hasSize(5).allMatch(l -> l.startsWith("wrote "));
    }
}
