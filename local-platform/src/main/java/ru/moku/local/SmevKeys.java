package ru.moku.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;

/**
 * The GOST R 34.10-2012 keys of one platform run, as PKCS#12 files in a temporary directory of their own (deleted by
 * {@link #close()}): SMEV's key and a provider's (the sender's) for the SMEV simulator, which signs what it delivers;
 * the gateway's for its requests; the trust store of SMEV's and the sender's certificates (what the gateway checks
 * messages and attachments against) and the one of the gateway's certificate (what the simulator checks callers
 * against). The same files, names and aliases as smev-crypto's CLI ({@code GostKeys <dir>}) writes, made fresh for
 * every run like {@link SurveyTokenKeys}: a deployment takes its keys from an accredited CA, never from here.
 *
 * @param directory     where the files are
 * @param smevKeyStore  SMEV's key, alias {@value #SMEV_ALIAS}
 * @param senderKeyStore the sending information system's key, alias {@value #SENDER_ALIAS}
 * @param gatewayKeyStore the gateway's key, alias {@value #GATEWAY_ALIAS}
 * @param trustSmev     SMEV's and the sender's certificates
 * @param trustGateway  the gateway's certificate
 */
public record SmevKeys(Path directory, Path smevKeyStore, Path senderKeyStore, Path gatewayKeyStore, Path trustSmev,
                       Path trustGateway) implements AutoCloseable {

    /** The password of every file. */
    public static final String PASSWORD = GostKeys.LOCAL_PASSWORD;
    static final String SMEV_ALIAS = "smev";
    static final String SENDER_ALIAS = "sender";
    static final String GATEWAY_ALIAS = "gateway";

    /** Makes three key pairs with self-signed certificates and writes the five files into a new temporary directory. */
    public static SmevKeys generate() {
        Path directory;
        try {
            directory = Files.createTempDirectory("moku-smev-keys-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the run's GOST keys", e);
        }
        SmevKeys keys = new SmevKeys(directory, directory.resolve("smev.p12"), directory.resolve("sender.p12"),
                directory.resolve("gateway.p12"), directory.resolve("trust-smev.p12"),
                directory.resolve("trust-gateway.p12"));
        try {
            SigningKey smev = GostKeys.generate("SMEV 3 (local simulator)");
            SigningKey sender = GostKeys.generate("Provider information system (local simulator)");
            SigningKey gateway = GostKeys.generate("MOKU gateway (local)");
            GostKeys.writePkcs12(keys.smevKeyStore, PASSWORD, SMEV_ALIAS, smev);
            GostKeys.writePkcs12(keys.senderKeyStore, PASSWORD, SENDER_ALIAS, sender);
            GostKeys.writePkcs12(keys.gatewayKeyStore, PASSWORD, GATEWAY_ALIAS, gateway);
            GostKeys.writeTrustStore(keys.trustSmev, PASSWORD, smev.certificate(), sender.certificate());
            GostKeys.writeTrustStore(keys.trustGateway, PASSWORD, gateway.certificate());
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        return keys;
    }

    /** Deletes the directory and its files (the keys die with the run). */
    @Override
    public void close() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(SmevKeys::delete);
        } catch (IOException e) {
            throw new UncheckedIOException("the run's GOST keys in " + directory + " could not be deleted", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the run's GOST key file " + file + " could not be deleted", e);
        }
    }
}
