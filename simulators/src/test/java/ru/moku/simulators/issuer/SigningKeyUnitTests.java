package ru.moku.simulators.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyUnitTests {

    @TempDir
    Path directory;

    @Test
    void aMissingKeyFileIsCreatedReadableByItsOwnerOnly() throws Exception {
        Path file = directory.resolve("keys/issuer.pem");

        SigningKey.fromFile(file);

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void theSameKeyFileGivesTheSameKeySoTokensOutliveARestart() throws Exception {
        Path file = directory.resolve("issuer.pem");
        SigningKey before = SigningKey.fromFile(file);
        String token = minter(before).mint("alice", List.of("operator"), Duration.ofMinutes(5)).value();

        SigningKey after = SigningKey.fromFile(file);

        assertThat(after.keyId()).isEqualTo(before.keyId());
        RSAKey published = (RSAKey) after.publicKeys().getKeyByKeyId(before.keyId());
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(published))).isTrue();
    }

    @Test
    void generatedKeysDifferFromEachOther() {
        assertThat(SigningKey.generate().keyId()).isNotEqualTo(SigningKey.generate().keyId());
    }

    @Test
    void aFileWithoutAPrivateKeyIsRefusedNamingTheFile() throws Exception {
        Path file = Files.writeString(directory.resolve("not-a-key.pem"), "hello");

        assertThatThrownBy(() -> SigningKey.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
    }

    private static TokenMinter minter(SigningKey key) {
        return new TokenMinter(key, new IssuerIdentity("http://issuer.test"), null, Clock.systemUTC(),
                reactor.core.scheduler.Schedulers.immediate());
    }
}
