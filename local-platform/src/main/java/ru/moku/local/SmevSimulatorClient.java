package ru.moku.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SMEV simulator's admin API, for the demo driver and the end-to-end tests (blocking; main threads). */
public final class SmevSimulatorClient {

    private static final int MAX_PER_CALL = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminHttp http;

    public SmevSimulatorClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * What one {@link #generate} queued: the batch's SMEV message ids identify its raw messages and cards among
     * whatever else the platform receives ({@link PlatformState#readBatch}).
     *
     * @param messageIds      the SMEV MessageIds of the queued messages, in delivery order
     * @param invalidInnCards cards with a wrong ИНН check digit (expected FLAGGED)
     */
    public record Batch(List<String> messageIds, int invalidInnCards) {

        public Batch {
            messageIds = List.copyOf(messageIds);
        }
    }

    /**
     * Queues {@code messages} generated messages of one card each; {@code invalidInnShare} of the cards
     * carry an organisation ИНН with a wrong check digit.
     */
    public Batch generate(int messages, double invalidInnShare, long seed) {
        List<String> ids = new ArrayList<>(messages);
        int invalid = 0;
        for (int done = 0; done < messages; done += MAX_PER_CALL) {
            int count = Math.min(MAX_PER_CALL, messages - done);
            JsonNode generated = JSON.readTree(send("POST", String.format(Locale.ROOT,
                    "/admin/smev/messages/generate?count=%d&cardsPerMessage=1&seed=%d&invalidInnShare=%s",
                    count, seed + done, invalidInnShare), null));
            generated.path("messageIds").forEach(id -> ids.add(id.asText()));
            invalid += generated.path("invalidInnCards").asInt();
        }
        return new Batch(ids, invalid);
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
