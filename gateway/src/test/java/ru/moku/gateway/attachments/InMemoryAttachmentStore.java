package ru.moku.gateway.attachments;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An {@link AttachmentStore} in memory, for unit tests of what writes to it (no transactions). */
class InMemoryAttachmentStore implements AttachmentStore {

    final Map<UUID, NewAttachment> headers = new ConcurrentHashMap<>();
    final Map<UUID, byte[]> contents = new ConcurrentHashMap<>();
    final Map<UUID, AttachmentView> stored = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> insert(NewAttachment attachment) {
        return Mono.fromRunnable(() -> headers.put(attachment.id(), attachment));
    }

    @Override
    public Mono<Long> writeContent(UUID attachmentId, Flux<byte[]> content) {
        return content.reduce(new ByteArrayOutputStream(), (out, piece) -> {
                    out.writeBytes(piece);
                    return out;
                })
                .map(out -> {
                    contents.put(attachmentId, out.toByteArray());
                    return (long) out.size();
                })
                .defaultIfEmpty(0L);
    }

    @Override
    public Mono<Void> contentStored(UUID attachmentId, long size, String digest, String signer,
                                    AttachmentStatus status) {
        return Mono.fromRunnable(() -> {
            NewAttachment header = headers.get(attachmentId);
            stored.put(attachmentId, new AttachmentView(attachmentId, header.contentId(), header.kind(),
                    header.fileName(), header.mimeType(), size, digest, signer, status, 0, null, Instant.now(),
                    Instant.now()));
        });
    }

    @Override
    public Mono<Boolean> rawMessageExists(UUID rawMessageId) {
        return Mono.just(true);
    }

    @Override
    public Flux<AttachmentView> list(UUID rawMessageId) {
        return Flux.fromIterable(stored.values());
    }

    @Override
    public Mono<AttachmentView> find(UUID rawMessageId, UUID attachmentId) {
        return Mono.justOrEmpty(stored.get(attachmentId));
    }

    @Override
    public Flux<byte[]> readContent(UUID attachmentId) {
        return Mono.justOrEmpty(contents.get(attachmentId)).flux();
    }

    @Override
    public Flux<PendingFile> claimDue(int limit, Duration lease) {
        return Flux.empty();
    }

    @Override
    public Mono<Void> retryLater(UUID attachmentId, Duration backoff, String error) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> unavailable(UUID attachmentId, String error) {
        return Mono.empty();
    }

    @Override
    public Mono<Boolean> backToPending(UUID attachmentId) {
        return Mono.just(false);
    }

    /** The one stored attachment with {@code contentId}. */
    AttachmentView storedWithContentId(String contentId) {
        return stored.values().stream().filter(view -> view.contentId().equals(contentId)).findFirst().orElseThrow();
    }
}
