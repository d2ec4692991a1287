package ru.moku.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SMEV simulator's admin API, for the demo driver and the end-to-end tests (blocking; main threads). */
public final class SmevSimulatorClient {

    private static final int MAX_PER_CALL = 10_000;
    /** Mixed into the seed of a batch's tampered messages, so their cards are not the first cards of the batch's. */
    private static final long TAMPERED_SEED_SALT = 0x7A3_9E_5EEDL;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminHttp http;

    public SmevSimulatorClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * What one {@link #generate} queued: the batch's SMEV message ids identify its raw messages and cards among
     * whatever else the platform receives ({@link PlatformState#readBatch}).
     *
     * @param messageIds        the SMEV MessageIds of the queued messages, in delivery order
     * @param invalidInnCards   cards with a wrong ИНН check digit (expected FLAGGED); none of them in a tampered message
     * @param withAttachments   of those, the messages carrying an attachment (an MTOM part or inline base64)
     * @param withFsAttachments the messages with a file on SMEV's file storage
     * @param tampered          the messages changed after they were signed (expected refused: SIGNATURE_INVALID)
     */
    public record Batch(List<String> messageIds, int invalidInnCards, List<String> withAttachments,
                        List<String> withFsAttachments, List<String> tampered) {

        public Batch {
            messageIds = List.copyOf(messageIds);
            withAttachments = List.copyOf(withAttachments);
            withFsAttachments = List.copyOf(withFsAttachments);
            tampered = List.copyOf(tampered);
        }

        /** Plain service data only. */
        public Batch(List<String> messageIds, int invalidInnCards) {
            this(messageIds, invalidInnCards, List.of(), List.of(), List.of());
        }

        /** The messages expected to become cards: all but the tampered ones. */
        public List<String> untampered() {
            Set<String> refused = Set.copyOf(tampered);
            return messageIds.stream().filter(id -> !refused.contains(id)).toList();
        }
    }

    /**
     * What real SMEV's messages carry besides service data, as shares of a batch (each exact, rounded).
     *
     * @param attachmentShare   messages with an attachment in the message (MTOM part or inline)
     * @param fsAttachmentShare messages with a file on SMEV's file storage (the simulator's needs to run)
     * @param tamperedShare     messages changed after signing (the simulator needs to sign)
     */
    public record Extras(double attachmentShare, double fsAttachmentShare, double tamperedShare) {

        /** Plain service data. */
        public static final Extras NONE = new Extras(0, 0, 0);
    }

    /**
     * Queues {@code messages} generated messages of one card each; {@code invalidInnShare} of the cards
     * carry an organisation ИНН with a wrong check digit.
     */
    public Batch generate(int messages, double invalidInnShare, long seed) {
        return generate(messages, invalidInnShare, seed, Extras.NONE);
    }

    /**
     * Queues {@code messages} generated messages of one card each, with {@code extras}. The tampered ones are queued
     * first, by a call of their own without a wrong ИНН, so the cards expected FLAGGED are exactly the batch's wrong
     * ИНН (a tampered message is refused whole and never becomes a card); the shares of attachments are taken of the
     * whole batch and carried by the untampered messages.
     */
    public Batch generate(int messages, double invalidInnShare, long seed, Extras extras) {
        int tampered = (int) Math.round(extras.tamperedShare() * messages);
        Batch refused = tampered == 0 ? new Batch(List.of(), 0)
                : generateIn(tampered, 0, seed ^ TAMPERED_SEED_SALT, new Extras(0, 0, 1));
        int rest = messages - tampered;
        Batch batch = rest == 0 ? new Batch(List.of(), 0)
                : generateIn(rest, invalidInnShare, seed,
                        new Extras(ofRest(extras.attachmentShare(), messages, rest),
                                ofRest(extras.fsAttachmentShare(), messages, rest), 0));
        List<String> ids = new ArrayList<>(refused.messageIds());
        ids.addAll(batch.messageIds());
        return new Batch(ids, batch.invalidInnCards(), batch.withAttachments(), batch.withFsAttachments(),
                refused.tampered());
    }

    /** The share of {@code rest} messages that makes {@code share} of {@code all}, at most all of them. */
    private static double ofRest(double share, int all, int rest) {
        return Math.min(1.0, Math.round(share * all) / (double) rest);
    }

    /** {@code messages} messages in calls of at most {@link #MAX_PER_CALL}. */
    private Batch generateIn(int messages, double invalidInnShare, long seed, Extras extras) {
        List<String> ids = new ArrayList<>(messages);
        List<String> attachments = new ArrayList<>();
        List<String> fsAttachments = new ArrayList<>();
        List<String> tampered = new ArrayList<>();
        int invalid = 0;
        int attachmentsLeft = (int) Math.round(extras.attachmentShare() * messages);
        int fsLeft = (int) Math.round(extras.fsAttachmentShare() * messages);
        for (int done = 0; done < messages; done += MAX_PER_CALL) {
            int count = Math.min(MAX_PER_CALL, messages - done);
            // Shares per call that add up to the whole batch's exact counts.
            double attachmentShare = Math.min(1.0, Math.min(attachmentsLeft, count) / (double) count);
            double fsShare = Math.min(1.0, Math.min(fsLeft, count) / (double) count);
            StringBuilder query = new StringBuilder(String.format(Locale.ROOT,
                    "/admin/smev/messages/generate?count=%d&cardsPerMessage=1&seed=%d&invalidInnShare=%s",
                    count, seed + done, invalidInnShare));
            appendShare(query, "attachmentShare", attachmentShare);
            appendShare(query, "fsAttachmentShare", fsShare);
            appendShare(query, "tamperedShare", extras.tamperedShare());
            JsonNode generated = JSON.readTree(send("POST", query.toString(), null));
            generated.path("messageIds").forEach(id -> ids.add(id.asText()));
            generated.path("withAttachments").forEach(id -> attachments.add(id.asText()));
            generated.path("withFsAttachments").forEach(id -> fsAttachments.add(id.asText()));
            generated.path("tampered").forEach(id -> tampered.add(id.asText()));
            invalid += generated.path("invalidInnCards").asInt();
            attachmentsLeft -= generated.path("withAttachments").size();
            fsLeft -= generated.path("withFsAttachments").size();
        }
        return new Batch(ids, invalid, attachments, fsAttachments, tampered);
    }

    /** Only the shares asked for, so a simulator without the file storage or signing is never asked for them. */
    private static void appendShare(StringBuilder query, String name, double share) {
        if (share > 0) {
            query.append('&').append(name).append('=').append(share);
        }
    }

    /** Kinds of SMEV answers without service data, as the simulator's {@code /admin/smev/answers} names them. */
    public enum AnswerKind {
        /** {@code RequestRejected}, e.g. code {@code NO_DATA}. */
        REQUEST_REJECTED,
        /** {@code RequestStatus}, e.g. code {@code 4} (a "BusinessDataRejected" business status). */
        REQUEST_STATUS,
        /** {@code AsyncProcessingStatus}, e.g. code {@code messageIsDelivered}. */
        ASYNC_PROCESSING_STATUS
    }

    /**
     * Queues one answer without service data to the request {@code originalMessageId} (a lower-case UUID) with
     * {@code code}; returns its SMEV MessageId.
     */
    public String answer(AnswerKind kind, String originalMessageId, String code) {
        String json = String.format(Locale.ROOT, "{\"kind\": \"%s\", \"originalMessageId\": \"%s\", \"code\": \"%s\"}",
                kind.name(), originalMessageId, code);
        return JSON.readTree(send("POST", "/admin/smev/answers", json)).path("messageId").asText();
    }

    /**
     * The {@code AsyncProcessingStatus}es the simulator queued after accepted SendRequests, by the SendRequest's
     * MessageID: its {@code StatusCategory}.
     */
    public Map<String, String> asyncStatuses() {
        Map<String, String> statuses = new LinkedHashMap<>();
        JSON.readTree(stats()).path("asyncStatuses").forEach(status -> statuses.put(
                status.path("originalMessageId").asText(), status.path("statusCategory").asText()));
        return statuses;
    }

    /** One of the simulator's lists of SMEV MessageIds, e.g. {@code tampered} (see {@link #stats()}). */
    public List<String> statList(String list) {
        JsonNode values = JSON.readTree(stats()).path(list);
        if (!values.isArray()) {
            throw new IllegalArgumentException("the SMEV simulator has no list " + list);
        }
        List<String> ids = new ArrayList<>();
        values.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** One number of the simulator's file storage ({@code files}, {@code filesFetched}, {@code downloads}). */
    public long fileStorage(String counter) {
        JsonNode value = JSON.readTree(send("GET", "/admin/smev/file-storage", null)).path(counter);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("the SMEV simulator's file storage has no counter " + counter
                    + " (is it running?)");
        }
        return value.asLong();
    }

    /** Sets the share of messages SMEV delivers twice (at-least-once delivery). */
    public void duplicateDeliveries(double rate) {
        send("PUT", "/admin/smev/faults",
                String.format(Locale.ROOT, "{\"duplicateDeliveryRate\": %s}", rate));
    }

    /** The simulator's counters as JSON. */
    public String stats() {
        return send("GET", "/admin/smev/stats", null);
    }

    /** How many of {@code messageIds} the gateway has acknowledged (taken in: stored, then acknowledged). */
    public long acknowledged(Collection<String> messageIds) {
        Set<String> wanted = Set.copyOf(messageIds);
        Set<String> acked = new HashSet<>();
        JSON.readTree(send("GET", "/admin/smev/acked-ids", null)).forEach(id -> {
            if (wanted.contains(id.asText())) {
                acked.add(id.asText());
            }
        });
        return acked.size();
    }

    /** One of the simulator's counters, e.g. {@code duplicatesInjected} (see {@link #stats()}). */
    public long stat(String counter) {
        JsonNode value = JSON.readTree(stats()).path(counter);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("the SMEV simulator has no counter " + counter);
        }
        return value.asLong();
    }

    private String send(String method, String path, String json) {
        return http.send(method, path, json);
    }
}
