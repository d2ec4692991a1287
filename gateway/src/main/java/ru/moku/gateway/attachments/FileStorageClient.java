package ru.moku.gateway.attachments;

import java.nio.file.Path;
import reactor.core.publisher.Mono;

/**
 * SMEV's file storage, as the fetcher of {@code FSAttachmentsList} files sees it: pluggable (FTP in production,
 * {@link FtpFileStorageClient}; a fake in tests).
 */
public interface FileStorageClient {

    /**
     * Downloads the file at {@code location} into {@code target} (created or overwritten). An implementation that
     * blocks runs on a bounded scheduler of its own, never on the caller's thread.
     *
     * @return the bytes written; an error when the file cannot be had (the fetcher retries it later)
     */
    Mono<Long> download(FileLocation location, Path target);
}
