package ru.moku.benchmarks;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import ru.moku.local.PushCredentials;
import ru.moku.local.SmevPushClient;

/**
 * Pushes SMEV envelopes to the gateway's {@code POST /smev/inbound} with a fixed number of requests in
 * flight, and records each answer's status and latency. Runs on its own event loop and connection
 * pool, so the load generator does not queue behind the servers' event loops in this JVM.
 */
public final class PushClient implements AutoCloseable {

    static final String PATH = "/smev/inbound";
    /** One event loop is plenty for a few thousand requests a second, and leaves the cores to the platform. */
    private static final int EVENT_LOOPS = 1;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private final LoopResources loops = LoopResources.create("bench-push", EVENT_LOOPS, true);
    private final ConnectionProvider connections;
    private final HttpClient http;
    private final int concurrency;
    private final Optional<PushCredentials> credentials;
    private final AtomicInteger answered = new AtomicInteger();

    PushClient(String gatewayUrl, int concurrency) {
        this(gatewayUrl, concurrency, Optional.empty());
    }

    /**
     * @param credentials the SMEV adapter's HMAC key when the gateway wants pushes authenticated (the real SMEV profile
     *                    of a process cluster); each request is then signed by this client, as an adapter would
     */
    public PushClient(String gatewayUrl, int concurrency, Optional<PushCredentials> credentials) {
        this.concurrency = concurrency;
        this.credentials = credentials;
        this.connections = ConnectionProvider.builder("bench-push")
                .maxConnections(concurrency)
                .pendingAcquireMaxCount(-1)
                .build();
        this.http = HttpClient.create(connections)
                .runOn(loops)
                .baseUrl(gatewayUrl)
                .responseTimeout(RESPONSE_TIMEOUT)
                .headers(headers -> headers
                        .set(HttpHeaderNames.CONTENT_TYPE, "text/xml; charset=UTF-8")
                        .set(HttpHeaderNames.ACCEPT, "application/json"));
    }

    /**
     * The outcome of one run.
     *
     * @param requested    requests the run was asked to send
     * @param accepted     202 answers: stored as a new message
     * @param duplicates   200 answers: the MessageId was seen before (never expected here)
     * @param failed       any other answer, or no answer (connection error, timeout)
     * @param elapsed      from the first request to the last answer
     * @param latencyNanos latency of every 202 answer, sorted
     * @param firstFailure the first failure's status and body or error, null if none
     */
    public record Result(int requested, int accepted, int duplicates, int failed, Duration elapsed, long[] latencyNanos,
                  String firstFailure) {

        public boolean complete() {
            return accepted + duplicates + failed == requested;
        }

        public double acceptedPerSecond() {
            return accepted / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** The given percentile (0..100) of the 202 latencies, in milliseconds; NaN without any. */
        public double latencyMillis(double percentile) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * latencyNanos.length) - 1;
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank))] / 1e6;
        }
    }

    /** Answers received so far in the current run (for progress lines). */
    public int answered() {
        return answered.get();
    }

    /** Sends {@code count} envelopes, {@code concurrency} at a time; stops sending after {@code timeout}. */
    public Mono<Result> push(Supplier<byte[]> envelopes, int count, Duration timeout) {
        return Mono.defer(() -> {
            answered.set(0);
            Tally tally = new Tally(count);
            long started = System.nanoTime();
            return Flux.range(0, count)
                    .flatMap(index -> send(envelopes.get(), System.nanoTime()), concurrency)
                    .take(timeout)
                    .doOnNext(tally::add)
                    .then(Mono.fromSupplier(() -> tally.result(count, Duration.ofNanos(System.nanoTime() - started))));
        });
    }

    /**
     * Sends {@code count} envelopes at {@code perSecond}, one every 1/perSecond whatever the answers (an open loop: a
     * slow answer does not slow the sending, so the latencies are those of that rate), at most {@code concurrency} in
     * flight (beyond that the client queues); stops sending after {@code timeout}.
     */
    public Mono<Result> pushAtRate(Supplier<byte[]> envelopes, int count, double perSecond, Duration timeout) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond must be positive");
        }
        return Mono.defer(() -> {
            answered.set(0);
            Tally tally = new Tally(count);
            long started = System.nanoTime();
            Duration period = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
            return Flux.interval(Duration.ZERO, period, Schedulers.single())
                    .onBackpressureBuffer()
                    .take(count)
                    // Latency from when the request was due, not from when a connection was free: a queued request's
                    // wait counts (no coordinated omission).
                    .flatMap(index -> send(envelopes.get(), started + index * period.toNanos()), concurrency)
                    .take(timeout)
                    .doOnNext(tally::add)
                    .then(Mono.fromSupplier(() -> tally.result(count, Duration.ofNanos(System.nanoTime() - started))));
        });
    }

    /** One request; a failure is an answer to count, not an error that would end the run. */
    private Mono<Answer> send(byte[] envelope, long started) {
        return Mono.defer(() -> {
            HttpClient client = credentials.isEmpty() ? http
                    : http.headers(headers -> SmevPushClient.signatureHeaders(credentials.get(), envelope,
                            Instant.now().getEpochSecond()).forEach(headers::set));
            return client.post()
                    .uri(PATH)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(envelope)))
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                            .map(text -> new Answer(response.status().code(), System.nanoTime() - started, text)))
                    .onErrorResume(error -> Mono.just(new Answer(0, System.nanoTime() - started, error.toString())))
                    .doOnNext(answer -> answered.incrementAndGet());
        });
    }

    private record Answer(int status, long nanos, String body) {
    }

    /** Counts answers as they arrive (on the client's single event loop, so plain fields would do; atomics are cheap). */
    private static final class Tally {

        private final long[] latencies;
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();

        Tally(int capacity) {
            this.latencies = new long[capacity];
        }

        void add(Answer answer) {
            switch (answer.status()) {
                case 202 -> latencies[accepted.getAndIncrement()] = answer.nanos();
                case 200 -> duplicates.incrementAndGet();
                default -> {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, (answer.status() == 0 ? "no answer: " : answer.status() + ": ")
                            + abbreviate(answer.body()));
                }
            }
        }

        Result result(int requested, Duration elapsed) {
            long[] sorted = Arrays.copyOf(latencies, accepted.get());
            Arrays.sort(sorted);
            return new Result(requested, accepted.get(), duplicates.get(), failed.get(), elapsed, sorted,
                    firstFailure.get());
        }

        private static String abbreviate(String text) {
            String oneLine = text.replaceAll("\\s+", " ");
            return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
        }
    }

    @Override
    public void close() {
        connections.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
