package ru.moku.local;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;

/**
 * What the platform did with the real-SMEV side of one batch (issue 10), read from the databases with JDBC on the
 * driver's thread: the tampered messages refused with {@code SIGNATURE_INVALID}, the attachments stored or fetched
 * with their signer, the survey links' delivery statuses; and a sample of the attachments read back through the
 * gateway's operator API and checked against the sender's own PKCS#7 signature.
 */
public final class SmevChecks {

    /** Raw message status of a message refused (a signature that does not verify, among others). */
    static final int RAW_INVALID = -1;
    /** The gateway's problem type of a signature that does not verify. */
    public static final String SIGNATURE_INVALID_PROBLEM = "signature-invalid";
    /** The gateway's incident kind of a signature that does not verify. */
    public static final String SIGNATURE_INVALID = "SIGNATURE_INVALID";
    /** The delivery outcome card-processor records for an {@code AsyncProcessingStatus} messageIsDelivered. */
    public static final String DELIVERED = "DELIVERED";

    private final String jdbcUrl;
    private final String user;

    public SmevChecks(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /**
     * One reading of a batch.
     *
     * @param tampered                    messages of the batch changed after signing
     * @param tamperedRefused             of those, raw messages at -1 with problem {@value #SIGNATURE_INVALID_PROBLEM}
     * @param signatureIncidents          open {@value #SIGNATURE_INVALID} incidents about the tampered raw messages
     * @param untamperedRefused           the batch's other messages at -1 (expected none)
     * @param withAttachments             messages carrying an attachment in the message
     * @param attachmentsStored           of those, with their attachment STORED (MTOM or INLINE) — and a signer when
     *                                    signatures are checked
     * @param storedByKind                stored attachments of the batch by kind (MTOM, INLINE, FS)
     * @param withFsAttachments           messages with a file on SMEV's file storage
     * @param fsFetched                   of those, with their file FETCHED (and a signer when checked)
     * @param fsUnavailable               files given up (UNAVAILABLE)
     * @param attachmentsElsewhere        attachment rows on the batch's other messages (expected none)
     * @param linksSent                   the batch's survey links SMEV accepted
     * @param linksByDeliveryOutcome      of those, by what SMEV said about them afterwards (NONE: nothing yet)
     */
    public record Reading(int tampered, long tamperedRefused, long signatureIncidents, long untamperedRefused,
                          int withAttachments, long attachmentsStored, Map<String, Long> storedByKind,
                          int withFsAttachments, long fsFetched, long fsUnavailable, long attachmentsElsewhere,
                          long linksSent, Map<String, Long> linksByDeliveryOutcome) {

        /** Exactly the tampered messages refused, an incident each, and no other. */
        public boolean tamperedExactlyRefused() {
            return tamperedRefused == tampered && signatureIncidents == tampered && untamperedRefused == 0;
        }

        /** Every attachment stored and every file fetched, each where it belongs. */
        public boolean attachmentsComplete() {
            return attachmentsStored == withAttachments && fsFetched == withFsAttachments
                    && attachmentsElsewhere == 0;
        }

        public long linksDelivered() {
            return linksByDeliveryOutcome.getOrDefault(DELIVERED, 0L);
        }

        /** Every link SMEV accepted has its delivery status recorded as delivered. */
        public boolean deliveriesRecorded() {
            return linksDelivered() == linksSent;
        }
    }

    /**
     * Reads a batch.
     *
     * @param batch      what the simulator queued
     * @param signatures whether signatures are checked (then a stored attachment needs its signer recorded)
     */
    public Reading read(SmevSimulatorClient.Batch batch, boolean signatures) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "")) {
            List<String> tampered = batch.tampered();
            long tamperedRefused = count(connection, "SELECT count(*) FROM smev.raw_message WHERE smev_message_id"
                    + " = ANY(?) AND status = " + RAW_INVALID + " AND problem_type = '" + SIGNATURE_INVALID_PROBLEM
                    + "'", tampered);
            long incidents = count(connection, "SELECT count(*) FROM smev.incident i JOIN smev.raw_message r"
                    + " ON i.subject = r.id::text WHERE r.smev_message_id = ANY(?) AND i.kind = '" + SIGNATURE_INVALID
                    + "' AND i.status = 'OPEN'", tampered);
            long untamperedRefused = count(connection, "SELECT count(*) FROM smev.raw_message WHERE smev_message_id"
                    + " = ANY(?) AND status = " + RAW_INVALID, batch.untampered());
            String signed = signatures ? " AND a.signer IS NOT NULL" : "";
            long stored = count(connection, "SELECT count(DISTINCT r.id) FROM smev.attachment a JOIN smev.raw_message r"
                    + " ON r.id = a.raw_message_id WHERE r.smev_message_id = ANY(?) AND a.kind IN ('MTOM', 'INLINE')"
                    + " AND a.status = 'STORED'" + signed, batch.withAttachments());
            long fetched = count(connection, "SELECT count(DISTINCT r.id) FROM smev.attachment a JOIN smev.raw_message r"
                    + " ON r.id = a.raw_message_id WHERE r.smev_message_id = ANY(?) AND a.kind = 'FS'"
                    + " AND a.status = 'FETCHED'" + signed, batch.withFsAttachments());
            long unavailable = count(connection, "SELECT count(*) FROM smev.attachment a JOIN smev.raw_message r"
                    + " ON r.id = a.raw_message_id WHERE r.smev_message_id = ANY(?) AND a.status = 'UNAVAILABLE'",
                    batch.messageIds());
            List<String> plain = new ArrayList<>(batch.messageIds());
            plain.removeAll(batch.withAttachments());
            plain.removeAll(batch.withFsAttachments());
            long elsewhere = count(connection, "SELECT count(*) FROM smev.attachment a JOIN smev.raw_message r"
                    + " ON r.id = a.raw_message_id WHERE r.smev_message_id = ANY(?)", plain);
            Map<String, Long> byKind = group(connection, "SELECT a.kind, count(*) FROM smev.attachment a"
                    + " JOIN smev.raw_message r ON r.id = a.raw_message_id WHERE r.smev_message_id = ANY(?)"
                    + " AND a.status IN ('STORED', 'FETCHED') GROUP BY a.kind", batch.messageIds());
            Map<String, Long> deliveries = group(connection, "SELECT coalesce(l.delivery_outcome, 'NONE'), count(*)"
                    + " FROM qal.survey_link l JOIN qal.service_card c ON c.id = l.card_id"
                    + " WHERE c.smev_message_id = ANY(?) AND l.sent_at IS NOT NULL GROUP BY 1", batch.messageIds());
            long linksSent = deliveries.values().stream().mapToLong(Long::longValue).sum();
            return new Reading(tampered.size(), tamperedRefused, incidents, untamperedRefused,
                    batch.withAttachments().size(), stored, byKind, batch.withFsAttachments().size(), fetched,
                    unavailable, elsewhere, linksSent, deliveries);
        } catch (SQLException e) {
            // Tables appear as the services start (and their migrations run); until then nothing is done.
            return new Reading(batch.tampered().size(), 0, 0, 0, batch.withAttachments().size(), 0, Map.of(),
                    batch.withFsAttachments().size(), 0, 0, 0, 0, Map.of());
        }
    }

    /**
     * What a sample of attachments read back through the operator API showed.
     *
     * @param checked  attachments read
     * @param matching of those, served whole: 200, the recorded size and GOST digest, the declared hash (FS), and —
     *                 when a trust store is given — the sender's PKCS#7 signature verifying over the bytes served
     * @param problems what did not match, one line each
     */
    public record Sample(int checked, int matching, List<String> problems) {

        public boolean allMatch() {
            return checked == matching;
        }
    }

    /**
     * Reads up to {@code perKind} stored attachments of each kind (MTOM, INLINE, FS) of the batch back through the
     * gateway's operator API and checks each.
     *
     * @param trusted the certificates the sender's signatures must verify with; empty: not checked (signing off)
     */
    public Sample sampleThroughApi(SmevSimulatorClient.Batch batch, AttachmentApiClient api, int perKind,
                                   Optional<TrustedCertificates> trusted) {
        List<StoredAttachment> sample = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             PreparedStatement select = connection.prepareStatement("""
                     SELECT raw_message_id, id, kind, size, digest, declared_hash, signature_pkcs7 FROM (
                         SELECT a.*, row_number() OVER (PARTITION BY a.kind ORDER BY a.created_at, a.id) AS n
                         FROM smev.attachment a JOIN smev.raw_message r ON r.id = a.raw_message_id
                         WHERE r.smev_message_id = ANY(?) AND a.status IN ('STORED', 'FETCHED')) s
                     WHERE n <= ?""")) {
            select.setArray(1, array(connection, batch.messageIds()));
            select.setInt(2, perKind);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sample.add(new StoredAttachment(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            rows.getString(3), rows.getLong(4), rows.getString(5), rows.getString(6),
                            rows.getBytes(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("attachments of the batch: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        int matching = 0;
        for (StoredAttachment attachment : sample) {
            Optional<String> problem = check(attachment, api, trusted);
            if (problem.isEmpty()) {
                matching++;
            } else {
                problems.add(attachment.kind() + " " + attachment.id() + " of raw message "
                        + attachment.rawMessageId() + ": " + problem.get());
            }
        }
        return new Sample(sample.size(), matching, problems);
    }

    /** An attachment as the gateway's database holds it. */
    private record StoredAttachment(UUID rawMessageId, UUID id, String kind, long size, String digest,
                                    String declaredHash, byte[] signaturePkcs7) {
    }

    private static Optional<String> check(StoredAttachment stored, AttachmentApiClient api,
                                          Optional<TrustedCertificates> trusted) {
        boolean listed = api.list(stored.rawMessageId()).stream()
                .anyMatch(listedOne -> listedOne.id().equals(stored.id()) && listedOne.size() == stored.size()
                        && stored.digest().equals(listedOne.digest()));
        if (!listed) {
            return Optional.of("not listed by the API with its size and digest");
        }
        AttachmentApiClient.Content content = api.content(stored.rawMessageId(), stored.id());
        if (content.status() != 200) {
            return Optional.of("content answered " + content.status());
        }
        if (content.bytes().length != stored.size()) {
            return Optional.of(content.bytes().length + " bytes served, " + stored.size() + " stored");
        }
        byte[] digest = GostDigest.of(content.bytes());
        String digestBase64 = Base64.getEncoder().encodeToString(digest);
        if (!digestBase64.equals(stored.digest())) {
            return Optional.of("digest of the bytes served " + digestBase64 + ", recorded " + stored.digest());
        }
        if (stored.declaredHash() != null && !stored.declaredHash().strip().equals(digestBase64)) {
            return Optional.of("digest of the bytes served " + digestBase64 + ", declared by the sender "
                    + stored.declaredHash());
        }
        if (trusted.isPresent()) {
            if (stored.signaturePkcs7() == null) {
                return Optional.of("no PKCS#7 signature recorded");
            }
            Verification verification = DetachedSignatures.verify(stored.signaturePkcs7(), digest, trusted.get());
            if (verification instanceof Verification.Invalid invalid) {
                return Optional.of("the sender's PKCS#7 signature does not verify over the bytes served: "
                        + invalid.reason());
            }
        }
        return Optional.empty();
    }

    private static long count(Connection connection, String sql, Collection<String> smevMessageIds)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, array(connection, smevMessageIds));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Long> group(Connection connection, String sql, Collection<String> smevMessageIds)
            throws SQLException {
        Map<String, Long> result = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, array(connection, smevMessageIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return result;
    }

    private static Array array(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
