package ru.moku.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** The SMEV simulator's admin API, for the demo driver and the end-to-end tests (blocking; main threads). */
public final class SmevSimulatorClient {

    private static final int MAX_PER_CALL = 10_000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public SmevSimulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
