package ru.moku.benchmarks.enrichment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ru.moku.enrichment.dadata.FindPartyRequest;
import ru.moku.model.identifiers.Oktmo;
import tools.jackson.databind.json.JsonMapper;

/**
 * Phase c's client: the same {@code findById/party} calls the way a thread-per-request service makes them,
 * {@link HttpURLConnection} (blocking socket reads, the JDK's keep-alive cache) on a fixed pool of platform
 * threads, one request in flight per thread. It does the same work per lookup as {@code DadataClient} — the
 * request as JSON, the answer bound to records, the ОКТМО validated — and less around it: no rate limiter,
 * bulkhead, circuit breaker, timeout operator or retry. The ratio reactive ÷ blocking is not flattered by that.
 */
final class BlockingLookups implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    /** The reactive client's per-attempt timeout ({@code moku.enrichment.resilience.call-timeout}). */
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final URL url;
    private final ThreadPoolExecutor pool;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger answered = new AtomicInteger();

    /**
     * The JDK keeps at most {@code http.maxConnections} idle connections per destination (5 unless set), and
     * closes every connection beyond them after its answer: with more threads than that, most lookups would
     * open a new connection. Read once, when {@link HttpURLConnection} is first used, so this must run before.
     */
    static void keepAliveConnections(int connections) {
        System.setProperty("http.maxConnections", String.valueOf(connections));
    }

    BlockingLookups(String baseUrl, int threads) throws IOException {
        this.url = URI.create(baseUrl + "/suggestions/api/4_1/rs/findById/party").toURL();
        AtomicInteger created = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads,
                task -> new Thread(task, "blocking-lookup-" + created.incrementAndGet()));
        this.pool = (ThreadPoolExecutor) executor;
        pool.prestartAllCoreThreads();
    }

    int answered() {
        return answered.get();
    }

    /** Starts looking up every identifier on the pool; the tally fills as lookups end. */
    LookupTally start(List<String> inns) {
        answered.set(0);
        LookupTally tally = new LookupTally(inns.size());
        for (String inn : inns) {
            pool.execute(() -> lookUp(inn, tally));
        }
        return tally;
    }

    private void lookUp(String inn, LookupTally tally) {
        long started = System.nanoTime();
        LookupTally.Outcome outcome;
        Throwable failure = null;
        try {
            outcome = call(inn, tally);
        } catch (IOException | RuntimeException e) {
            outcome = LookupTally.Outcome.FAILED;
            failure = e;
        }
        tally.add(outcome, System.nanoTime() - started, failure);
        answered.incrementAndGet();
    }

    private LookupTally.Outcome call(String inn, LookupTally tally) throws IOException {
        byte[] request = json.writeValueAsBytes(FindPartyRequest.forIdentifier(inn));
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(request.length);
        connection.setRequestProperty("Authorization", "Token " + DadataSimulatorProcess.API_KEY);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Accept", "application/json");
        try (OutputStream body = connection.getOutputStream()) {
            body.write(request);
        }
        int status = connection.getResponseCode();
        if (status != 200) {
            if (status == 429) {
                tally.tooManyRequests();
            }
            // Read to the end so the connection goes back to the keep-alive cache.
            try (InputStream error = connection.getErrorStream()) {
                String text = error == null ? "" : new String(error.readAllBytes());
                throw new IOException("Dadata answered " + status + ": " + text);
            }
        }
        byte[] answer;
        try (InputStream in = connection.getInputStream()) {
            answer = in.readAllBytes();
        }
        String oktmo = json.readValue(answer, Response.class).oktmo();
        return oktmo != null && Oktmo.problem(oktmo).isEmpty()
                ? LookupTally.Outcome.FOUND : LookupTally.Outcome.NOT_FOUND;
    }

    /** The part of Dadata's answer the enrichment reads, as {@code FindPartyResponse} has it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(List<Suggestion> suggestions) {

        String oktmo() {
            if (suggestions == null || suggestions.isEmpty() || suggestions.get(0).data() == null) {
                return null;
            }
            Party party = suggestions.get(0).data();
            if (party.oktmo() != null && !party.oktmo().isBlank()) {
                return party.oktmo();
            }
            return party.address() == null || party.address().data() == null ? null : party.address().data().oktmo();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Suggestion(Party data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Party(String oktmo, Address address) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Address(AddressData data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AddressData(String oktmo) {
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
