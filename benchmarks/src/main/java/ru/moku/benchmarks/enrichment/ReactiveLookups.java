package ru.moku.benchmarks.enrichment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.enrichment.dadata.DadataClient;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.enrichment.dadata.PartyOktmo;
import ru.moku.enrichment.lookup.ResilientCalls;

/**
 * The Dadata side of the enrichment service as it runs in production: {@link DadataClient} (WebClient on
 * Reactor Netty, one keep-alive pool) behind {@link ResilientCalls} (retry, rate limiter, bulkhead, circuit
 * breaker, per-attempt timeout), one call per lookup, a bounded number of lookups in flight. The service's
 * PostgreSQL cache and single-flight ({@code OktmoLookup}) are left out on purpose: every identifier is new,
 * so they would only add a cache miss per lookup, and this figure is about the calls to Dadata.
 */
final class ReactiveLookups implements AutoCloseable {

    /** Our rate limit "lifted": far above what this machine can reach, so it never binds. */
    static final int UNLIMITED_RATE = 1_000_000;

    private final DadataClient client;
    private final ResilientCalls calls;
    private final AtomicInteger answered = new AtomicInteger();

    /**
     * @param rateLimit      our resilience4j limit, calls/s
     * @param maxConcurrent  the bulkhead and the connection pool
     */
    ReactiveLookups(String baseUrl, int rateLimit, int maxConcurrent) {
        this.client = new DadataClient(dadata(baseUrl, maxConcurrent));
        this.calls = new ResilientCalls(resilience(rateLimit, maxConcurrent));
    }

    /** The enrichment's defaults ({@code EnrichmentProperties.Dadata}) with this pool size. */
    static EnrichmentProperties.Dadata dadata(String baseUrl, int maxConnections) {
        return new EnrichmentProperties.Dadata(URI.create(baseUrl), DadataSimulatorProcess.API_KEY,
                DataSize.ofMegabytes(1), maxConnections, Duration.ofSeconds(2));
    }

    /** The enrichment's defaults ({@code EnrichmentProperties.Resilience}) with this rate limit and bulkhead. */
    static EnrichmentProperties.Resilience resilience(int rateLimit, int maxConcurrentCalls) {
        return new EnrichmentProperties.Resilience(rateLimit, Duration.ofSeconds(30), maxConcurrentCalls,
                Duration.ofSeconds(5), 3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.5, 5,
                Duration.ofSeconds(1), 50f, 20, 100, Duration.ofSeconds(60), Duration.ofMinutes(2));
    }

    /** Closes the circuit and forgets the calls it counted. */
    void resetCircuitBreaker() {
        calls.circuitBreaker().reset();
    }

    /** Lookups ended so far in the current run (for progress lines). */
    int answered() {
        return answered.get();
    }

    /** Looks up every identifier, {@code concurrency} at a time. */
    Mono<LookupTally.Result> lookUp(List<String> inns, int concurrency) {
        return Mono.defer(() -> {
            answered.set(0);
            LookupTally tally = new LookupTally(inns.size());
            long started = System.nanoTime();
            return Flux.fromIterable(inns)
                    .flatMap(inn -> lookUp(inn, tally, Long.MAX_VALUE), concurrency)
                    .then(Mono.fromSupplier(() -> tally.result(inns.size(),
                            Duration.ofNanos(System.nanoTime() - started))));
        });
    }

    /**
     * Looks up new identifiers, {@code concurrency} at a time, starting new ones for {@code duration}; the
     * lookups still in flight then run to their end (their requests and 429s are counted, so the client's and
     * the simulator's counts cover the same requests), but only those that ended within {@code duration}
     * count as answered.
     */
    Mono<LookupTally.Result> lookUpFor(UniqueInns inns, int concurrency, Duration duration, int capacity) {
        return Mono.defer(() -> {
            answered.set(0);
            LookupTally tally = new LookupTally(capacity, (int) duration.toSeconds());
            AtomicInteger requested = new AtomicInteger();
            long deadline = System.nanoTime() + duration.toNanos();
            return Flux.<String>generate(sink -> sink.next(inns.next()))
                    .takeWhile(inn -> System.nanoTime() - deadline < 0)
                    .doOnNext(inn -> requested.incrementAndGet())
                    .flatMap(inn -> lookUp(inn, tally, deadline), concurrency)
                    .then(Mono.fromSupplier(() -> tally.result(requested.get(), duration)));
        });
    }

    /** One lookup; its outcome goes to the tally (a failure too: it is counted, not thrown). */
    private Mono<LookupTally.Outcome> lookUp(String inn, LookupTally tally, long deadline) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            // Subscribed once per attempt by ResilientCalls: every 429 Dadata sends is counted, retried or not.
            Mono<PartyOktmo> call = Mono.defer(() -> client.findOktmo(inn))
                    .doOnError(DadataFailure.Pressure.class, pressure -> tally.tooManyRequests());
            return calls.protect(call)
                    .map(party -> party.found() ? LookupTally.Outcome.FOUND : LookupTally.Outcome.NOT_FOUND)
                    .onErrorResume(error -> {
                        end(tally, LookupTally.Outcome.FAILED, started, deadline, error);
                        return Mono.empty();
                    })
                    .doOnNext(outcome -> end(tally, outcome, started, deadline, null));
        });
    }

    private void end(LookupTally tally, LookupTally.Outcome outcome, long started, long deadline, Throwable error) {
        long now = System.nanoTime();
        if (now - deadline <= 0) {
            tally.add(outcome, now - started, error);
            answered.incrementAndGet();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
