package ru.moku.gateway.attachments;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@link FileStorageClient} for SMEV's file storage over FTP (Apache Commons Net): one connection per file, logged in
 * with the per-file user and password of the message's {@code FSAttachment}, passive mode (the storage sits behind
 * SMEV's network; active mode would need it to connect back to us), binary transfer. The file is at
 * {@code pathTemplate} with {@code {uuid}} and {@code {fileName}} replaced ({@code /<uuid>/<FileName>} by default: each
 * file in a directory named by its uuid). Commons Net blocks, so every call runs on {@code scheduler}, a bounded one.
 */
public class FtpFileStorageClient implements FileStorageClient {

    private final String host;
    private final int port;
    private final String pathTemplate;
    private final Duration connectTimeout;
    private final Duration dataTimeout;
    private final Scheduler scheduler;

    public FtpFileStorageClient(String host, int port, String pathTemplate, Duration connectTimeout,
                                Duration dataTimeout, Scheduler scheduler) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.pathTemplate = Objects.requireNonNull(pathTemplate, "pathTemplate");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.dataTimeout = Objects.requireNonNull(dataTimeout, "dataTimeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public Mono<Long> download(FileLocation location, Path target) {
        return Mono.fromCallable(() -> retrieve(location, target)).subscribeOn(scheduler);
    }

    /** The path of a file on the storage. */
    String pathOf(FileLocation location) {
        return pathTemplate.replace("{uuid}", safe(location.uuid(), "uuid"))
                .replace("{fileName}", safe(location.fileName(), "file name"));
    }

    private long retrieve(FileLocation location, Path target) throws IOException {
        String path = pathOf(location);
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(millis(connectTimeout));
        ftp.setDefaultTimeout(millis(dataTimeout));
        ftp.setDataTimeout(dataTimeout);
        try {
            ftp.connect(host, port);
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw new IOException("the file storage " + host + ":" + port + " refused the connection: "
                        + ftp.getReplyString().strip());
            }
            if (!ftp.login(String.valueOf(location.user()), String.valueOf(location.password()))) {
                throw new IOException("the file storage refused the login of user " + location.user() + ": "
                        + ftp.getReplyString().strip());
            }
            ftp.enterLocalPassiveMode();
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            try (OutputStream out = Files.newOutputStream(target)) {
                if (!ftp.retrieveFile(path, out)) {
                    throw new IOException("RETR " + path + " failed: " + ftp.getReplyString().strip());
                }
            }
            ftp.logout();
            return Files.size(target);
        } finally {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        }
    }

    /** A path segment from the message must not climb out of its directory. */
    private static String safe(String segment, String what) {
        if (segment == null || segment.isEmpty() || segment.contains("/") || segment.contains("\\")
                || segment.equals("..") || segment.equals(".")) {
            throw new IllegalArgumentException("the " + what + " '" + segment + "' is not a plain file name");
        }
        return segment;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
