package ru.moku.gateway.attachments;

import java.time.Duration;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where attachments live: headers and contents, and the queue of files to fetch from SMEV's file storage. Every
 * write joins the caller's transaction. The PostgreSQL implementation ({@link PostgresAttachmentStore}) keeps the
 * content in chunks; an object store can take its place behind this interface.
 */
public interface AttachmentStore {

    /** Records an attachment's header. */
    Mono<Void> insert(NewAttachment attachment);

    /**
     * Stores the content of an attachment, replacing whatever was stored for it, as it streams in; holds at most one
     * chunk in memory.
     *
     * @return the bytes stored
     */
    Mono<Long> writeContent(UUID attachmentId, Flux<byte[]> content);

    /**
     * Records what was stored: size, digest, signer, and the new status (STORED or FETCHED). A fetched file's
     * credentials on the file storage are forgotten.
     */
    Mono<Void> contentStored(UUID attachmentId, long size, String digest, String signer, AttachmentStatus status);

    /** Whether the raw message exists. */
    Mono<Boolean> rawMessageExists(UUID rawMessageId);

    /** The attachments of a raw message, in the order they were recorded. */
    Flux<AttachmentView> list(UUID rawMessageId);

    /** One attachment of a raw message; empty if it has no such attachment. */
    Mono<AttachmentView> find(UUID rawMessageId, UUID attachmentId);

    /** The stored content, a chunk at a time, in order. */
    Flux<byte[]> readContent(UUID attachmentId);

    /**
     * Takes up to {@code limit} pending files that are due, counts an attempt on each and moves their next attempt
     * {@code lease} ahead, so that no other instance takes them while this one fetches (one statement,
     * {@code SKIP LOCKED}).
     */
    Flux<PendingFile> claimDue(int limit, Duration lease);

    /** A failed attempt: the file waits {@code backoff} for the next one. */
    Mono<Void> retryLater(UUID attachmentId, Duration backoff, String error);

    /** The attempts are spent: the file is UNAVAILABLE. */
    Mono<Void> unavailable(UUID attachmentId, String error);

    /**
     * An UNAVAILABLE file is PENDING again, due now, with its attempts counted afresh.
     *
     * @return whether the file was UNAVAILABLE (else nothing changed)
     */
    Mono<Boolean> backToPending(UUID attachmentId);
}
