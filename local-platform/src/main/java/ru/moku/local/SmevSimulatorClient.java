package ru.moku.local;

import java.util.Locale;

/** The SMEV simulator's admin API, for the demo driver and the end-to-end tests (blocking; main threads). */
public final class SmevSimulatorClient {

    private static final int MAX_PER_CALL = 10_000;

    private final AdminHttp http;

    public SmevSimulatorClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * Queues {@code messages} generated messages of one card each; {@code invalidInnShare} of the cards
     * carry an organisation ИНН with a wrong check digit.
     *
     * @return the number of cards with a wrong ИНН
     */
    public int generate(int messages, double invalidInnShare, long seed) {
        int invalid = 0;
        for (int done = 0; done < messages; done += MAX_PER_CALL) {
            int count = Math.min(MAX_PER_CALL, messages - done);
            String body = send("POST", String.format(Locale.ROOT,
                    "/admin/smev/messages/generate?count=%d&cardsPerMessage=1&seed=%d&invalidInnShare=%s",
                    count, seed + done, invalidInnShare), null);
            invalid += Integer.parseInt(body.replaceAll("(?s).*\"invalidInnCards\"\\s*:\\s*(\\d+).*", "$1"));
        }
        return invalid;
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

    private String send(String method, String path, String json) {
        return http.send(method, path, json);
    }
}
