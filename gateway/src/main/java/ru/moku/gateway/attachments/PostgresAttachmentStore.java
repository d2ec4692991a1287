package ru.moku.gateway.attachments;

import io.r2dbc.spi.Readable;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AttachmentStore} in PostgreSQL (schema {@code smev}): {@code attachment} holds the headers,
 * {@code attachment_chunk} the contents in chunks of {@code chunkSize} bytes. Contents are written and read one chunk
 * per statement, so memory stays at about one chunk whatever the attachment's size (the driver would otherwise
 * buffer a whole result).
 */
public class PostgresAttachmentStore implements AttachmentStore {

    private static final String VIEW_COLUMNS = "id, content_id, kind, file_name, mime_type, size, digest, signer,"
            + " status, attempts, last_error, created_at, updated_at";
    private static final int MAX_ERROR = 4000;

    private final DatabaseClient db;
    private final int chunkSize;

    public PostgresAttachmentStore(DatabaseClient db, int chunkSize) {
        this.db = Objects.requireNonNull(db, "db");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    @Override
    public Mono<Void> insert(NewAttachment attachment) {
        GenericExecuteSpec insert = db.sql("""
                        INSERT INTO attachment (id, raw_message_id, kind, content_id, file_name, mime_type, namespace_uri,
                                                signature_pkcs7, declared_hash, fs_user, fs_password, fs_file_name, status,
                                                next_attempt_at)
                        VALUES (:id, :rawMessageId, :kind, :contentId, :fileName, :mimeType, :namespaceUri,
                                :signature, :declaredHash, :fsUser, :fsPassword, :fsFileName, :status,
                                CASE WHEN :pending THEN now() END)""")
                .bind("id", attachment.id())
                .bind("rawMessageId", attachment.rawMessageId())
                .bind("kind", attachment.kind().name())
                .bind("contentId", attachment.contentId())
                .bind("mimeType", attachment.mimeType())
                .bind("status", attachment.status().name())
                .bind("pending", attachment.status() == AttachmentStatus.PENDING);
        insert = nullable(insert, "fileName", attachment.fileName(), String.class);
        insert = nullable(insert, "namespaceUri", attachment.namespaceUri(), String.class);
        insert = nullable(insert, "signature", attachment.signaturePkcs7() == null ? null
                : ByteBuffer.wrap(attachment.signaturePkcs7()), ByteBuffer.class);
        insert = nullable(insert, "declaredHash", attachment.declaredHash(), String.class);
        insert = nullable(insert, "fsUser", attachment.fsUser(), String.class);
        insert = nullable(insert, "fsPassword", attachment.fsPassword(), String.class);
        insert = nullable(insert, "fsFileName", attachment.fsFileName(), String.class);
        return insert.fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Long> writeContent(UUID attachmentId, Flux<byte[]> content) {
        return db.sql("DELETE FROM attachment_chunk WHERE attachment_id = :id").bind("id", attachmentId)
                .fetch().rowsUpdated()
                .then(Mono.defer(() -> {
                    Rechunker chunks = new Rechunker(chunkSize);
                    long[] written = {0};
                    int[] seq = {0};
                    return content
                            .concatMapIterable(chunks::add, 1)
                            .concatWith(Mono.fromSupplier(chunks::rest).filter(rest -> rest.length > 0))
                            .concatMap(chunk -> {
                                written[0] += chunk.length;
                                return insertChunk(attachmentId, seq[0]++, chunk);
                            }, 1)
                            .then(Mono.fromSupplier(() -> written[0]));
                }));
    }

    private Mono<Long> insertChunk(UUID attachmentId, int seq, byte[] data) {
        return db.sql("INSERT INTO attachment_chunk (attachment_id, seq, data) VALUES (:id, :seq, :data)")
                .bind("id", attachmentId)
                .bind("seq", seq)
                .bind("data", ByteBuffer.wrap(data))
                .fetch().rowsUpdated();
    }

    @Override
    public Mono<Void> contentStored(UUID attachmentId, long size, String digest, String signer,
                                    AttachmentStatus status) {
        return nullable(db.sql("""
                                UPDATE attachment
                                SET size = :size, digest = :digest, signer = :signer, status = :status, last_error = NULL,
                                    next_attempt_at = NULL, fs_user = NULL, fs_password = NULL, updated_at = now()
                                WHERE id = :id""")
                        .bind("id", attachmentId)
                        .bind("size", size)
                        .bind("digest", digest)
                        .bind("status", status.name()), "signer", signer, String.class)
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Boolean> rawMessageExists(UUID rawMessageId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM raw_message WHERE id = :id) AS present")
                .bind("id", rawMessageId)
                .map(row -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
                .one();
    }

    @Override
    public Flux<AttachmentView> list(UUID rawMessageId) {
        return db.sql("SELECT " + VIEW_COLUMNS + " FROM attachment WHERE raw_message_id = :rawMessageId"
                        + " ORDER BY created_at, content_id")
                .bind("rawMessageId", rawMessageId)
                .map(PostgresAttachmentStore::view)
                .all();
    }

    @Override
    public Mono<AttachmentView> find(UUID rawMessageId, UUID attachmentId) {
        return db.sql("SELECT " + VIEW_COLUMNS + " FROM attachment WHERE id = :id AND raw_message_id = :rawMessageId")
                .bind("id", attachmentId)
                .bind("rawMessageId", rawMessageId)
                .map(PostgresAttachmentStore::view)
                .one();
    }

    @Override
    public Flux<byte[]> readContent(UUID attachmentId) {
        return db.sql("SELECT count(*) AS chunks FROM attachment_chunk WHERE attachment_id = :id")
                .bind("id", attachmentId)
                .map(row -> row.get("chunks", Long.class))
                .one()
                .flatMapMany(chunks -> Flux.range(0, Math.toIntExact(chunks)))
                .concatMap(seq -> db.sql("SELECT data FROM attachment_chunk WHERE attachment_id = :id AND seq = :seq")
                        .bind("id", attachmentId)
                        .bind("seq", seq)
                        .map(row -> bytes(row.get("data", ByteBuffer.class)))
                        .one(), 1);
    }

    @Override
    public Flux<PendingFile> claimDue(int limit, Duration lease) {
        return db.sql("""
                        UPDATE attachment a
                        SET attempts = a.attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds),
                            updated_at = now()
                        FROM (SELECT id FROM attachment
                              WHERE status = 'PENDING' AND next_attempt_at <= now()
                              ORDER BY next_attempt_at LIMIT :limit
                              FOR UPDATE SKIP LOCKED) due
                        WHERE a.id = due.id
                        RETURNING a.id, a.raw_message_id, a.content_id, a.fs_file_name, a.fs_user, a.fs_password,
                                  a.declared_hash, a.signature_pkcs7, a.attempts""")
                .bind("limit", limit)
                .bind("leaseSeconds", (double) lease.toMillis() / 1000)
                .map(row -> {
                    ByteBuffer signature = row.get("signature_pkcs7", ByteBuffer.class);
                    return new PendingFile(
                            row.get("id", UUID.class),
                            row.get("raw_message_id", UUID.class),
                            row.get("content_id", String.class),
                            row.get("fs_file_name", String.class),
                            row.get("fs_user", String.class),
                            row.get("fs_password", String.class),
                            row.get("declared_hash", String.class),
                            signature == null ? null : bytes(signature),
                            row.get("attempts", Integer.class));
                })
                .all();
    }

    @Override
    public Mono<Void> retryLater(UUID attachmentId, Duration backoff, String error) {
        return db.sql("""
                        UPDATE attachment
                        SET next_attempt_at = now() + make_interval(secs => :backoffSeconds), last_error = :error,
                            updated_at = now()
                        WHERE id = :id AND status = 'PENDING'""")
                .bind("id", attachmentId)
                .bind("backoffSeconds", (double) backoff.toMillis() / 1000)
                .bind("error", shortened(error))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Void> unavailable(UUID attachmentId, String error) {
        return db.sql("""
                        UPDATE attachment SET status = 'UNAVAILABLE', next_attempt_at = NULL, last_error = :error,
                                              updated_at = now()
                        WHERE id = :id AND status = 'PENDING'""")
                .bind("id", attachmentId)
                .bind("error", shortened(error))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<Boolean> backToPending(UUID attachmentId) {
        return db.sql("""
                        UPDATE attachment SET status = 'PENDING', attempts = 0, next_attempt_at = now(), updated_at = now()
                        WHERE id = :id AND status = 'UNAVAILABLE'""")
                .bind("id", attachmentId)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    private static AttachmentView view(Readable row) {
        return new AttachmentView(
                row.get("id", UUID.class),
                row.get("content_id", String.class),
                AttachmentKind.valueOf(row.get("kind", String.class)),
                row.get("file_name", String.class),
                row.get("mime_type", String.class),
                row.get("size", Long.class),
                row.get("digest", String.class),
                row.get("signer", String.class),
                AttachmentStatus.valueOf(row.get("status", String.class)),
                row.get("attempts", Integer.class),
                row.get("last_error", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String shortened(String error) {
        String text = error == null ? "(no message)" : error.replace('\0', '\uFFFD');
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    /** Cuts pieces of any size into chunks of exactly {@code size} bytes (the rest comes at the end). */
    static final class Rechunker {

        private final int size;
        private ByteArrayOutputStream pending;

        Rechunker(int size) {
            this.size = size;
            this.pending = new ByteArrayOutputStream(size);
        }

        /** The chunks {@code piece} completes (often none). */
        List<byte[]> add(byte[] piece) {
            List<byte[]> full = new ArrayList<>(1);
            int offset = 0;
            while (offset < piece.length) {
                int take = Math.min(size - pending.size(), piece.length - offset);
                pending.write(piece, offset, take);
                offset += take;
                if (pending.size() == size) {
                    full.add(pending.toByteArray());
                    pending = new ByteArrayOutputStream(size);
                }
            }
            return full;
        }

        /** What is left after the last piece (possibly nothing). */
        byte[] rest() {
            byte[] rest = pending.toByteArray();
            pending = new ByteArrayOutputStream(0);
            return rest;
        }
    }
}
