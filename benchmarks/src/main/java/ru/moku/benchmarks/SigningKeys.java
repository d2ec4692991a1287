package ru.moku.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.SmevXmlSecurity;
import ru.moku.smev.crypto.TrustedCertificates;

/**
 * The GOST keys of a signed run, as the local run has them: SMEV's, a provider's (the sender of the service data) and
 * the gateway's, each a self-signed GOST R 34.10-2012 (256) certificate in a PKCS#12 file of a temporary directory
 * (the services read keys from files given by configuration), plus the two trust stores. Generated once per run and
 * deleted at its end.
 */
final class SigningKeys implements AutoCloseable {

    static final String PASSWORD = GostKeys.LOCAL_PASSWORD;

    private final Path directory;
    private final SigningKey smev;
    private final SigningKey sender;
    private final SigningKey gateway;

    private SigningKeys(Path directory, SigningKey smev, SigningKey sender, SigningKey gateway) {
        this.directory = directory;
        this.smev = smev;
        this.sender = sender;
        this.gateway = gateway;
    }

    static SigningKeys generate() throws IOException {
        SmevXmlSecurity.install();
        Path directory = Files.createTempDirectory("moku-bench-keys");
        SigningKey smev = GostKeys.generate("SMEV (benchmark)");
        SigningKey sender = GostKeys.generate("Provider information system (benchmark)");
        SigningKey gateway = GostKeys.generate("moku gateway (benchmark)");
        GostKeys.writePkcs12(directory.resolve("smev.p12"), PASSWORD, "smev", smev);
        GostKeys.writePkcs12(directory.resolve("sender.p12"), PASSWORD, "sender", sender);
        GostKeys.writePkcs12(directory.resolve("gateway.p12"), PASSWORD, "gateway", gateway);
        GostKeys.writeTrustStore(directory.resolve("trust-smev.p12"), PASSWORD, smev.certificate(),
                sender.certificate());
        GostKeys.writeTrustStore(directory.resolve("trust-gateway.p12"), PASSWORD, gateway.certificate());
        return new SigningKeys(directory, smev, sender, gateway);
    }

    SigningKey smev() {
        return smev;
    }

    SigningKey sender() {
        return sender;
    }

    SigningKey gateway() {
        return gateway;
    }

    /** What the gateway trusts: SMEV's and the sender's certificates. */
    TrustedCertificates trustedByGateway() {
        return TrustedCertificates.of(List.of(smev.certificate(), sender.certificate()));
    }

    /** What SMEV trusts: the gateway's certificate. */
    TrustedCertificates trustedBySmev() {
        return TrustedCertificates.of(List.of(gateway.certificate()));
    }

    /**
     * Properties for every context of a signed run: the SMEV simulator signs what it delivers (sender's and SMEV's
     * signatures) and verifies the gateway's caller signatures; the gateway signs GetResponse and Ack and verifies the
     * signatures of every message it takes in (push and pull).
     */
    Map<String, String> platformProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("simulators.smev.signing.enabled", "true");
        properties.put("simulators.smev.signing.smev-key-store", file("smev.p12"));
        properties.put("simulators.smev.signing.smev-key-store-password", PASSWORD);
        properties.put("simulators.smev.signing.smev-key-alias", "smev");
        properties.put("simulators.smev.signing.sender-key-store", file("sender.p12"));
        properties.put("simulators.smev.signing.sender-key-store-password", PASSWORD);
        properties.put("simulators.smev.signing.sender-key-alias", "sender");
        properties.put("simulators.smev.verification.verify-callers", "true");
        properties.put("simulators.smev.verification.trust-store", file("trust-gateway.p12"));
        properties.put("simulators.smev.verification.trust-store-password", PASSWORD);
        properties.put("moku.gateway.smev.signing.enabled", "true");
        properties.put("moku.gateway.smev.signing.key-store", file("gateway.p12"));
        properties.put("moku.gateway.smev.signing.key-store-password", PASSWORD);
        properties.put("moku.gateway.smev.signing.key-alias", "gateway");
        properties.put("moku.gateway.smev.verification.enabled", "true");
        properties.put("moku.gateway.smev.verification.trust-store", file("trust-smev.p12"));
        properties.put("moku.gateway.smev.verification.trust-store-password", PASSWORD);
        return properties;
    }

    /** Properties of an unsigned run: everything off, said out loud rather than left to the defaults. */
    static Map<String, String> unsignedProperties() {
        return Map.of(
                "simulators.smev.signing.enabled", "false",
                "simulators.smev.verification.verify-callers", "false",
                "moku.gateway.smev.signing.enabled", "false",
                "moku.gateway.smev.verification.enabled", "false");
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
