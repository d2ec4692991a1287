package ru.moku.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import ru.moku.local.Platform;

/**
 * Phase a: an SMEV adapter pushes messages to {@code POST /smev/inbound} as fast as the gateway
 * answers, {@code concurrency} requests in flight; the gateway does not pull meanwhile. Measures the
 * 202 rate and latencies, and the rate at which the pushed messages become cards in card-processor.
 */
final class PushPhase {

    /** How long the idle baseline is read, after the measured run, with nothing sent. */
    static final Duration IDLE = Duration.ofSeconds(5);

    /** Longer than the client's response timeout: what a run may take after it stopped sending. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(60);

    private PushPhase() {
    }

    /**
     * What the phase measured.
     *
     * @param warmup        messages pushed (and turned into cards) before the measured run
     * @param messages      messages in the measured run
     * @param concurrency   requests in flight
     * @param load          the measured run's answers
     * @param cardsStored   cards stored by the measured run when the phase ended
     * @param cardsElapsed  from the first measured request until every card of the run was stored; null if not all were
     * @param cpu           cores busy over the measured interval, by whom; null where /proc cannot be read
     * @param threads       CPU milliseconds of this JVM's crypto pools over the measured interval
     * @param signing       signatures on or off
     * @param clientSigning what signing the pushed envelopes cost the benchmark client, before the run
     * @param envelopeBytes size of one pushed envelope (signed, when signing)
     * @param tamperedAnswer with signing on: the answer to one envelope changed after signing, pushed after the
     *                       measured run ("422: …" when the gateway verified it); null when signing is off
     * @param idle          cores busy after the run with nothing sent ({@link #IDLE}); null if unknown
     * @param check         the database at the end
     */
    record Figures(int warmup, int messages, int concurrency, PushClient.Result load, long cardsStored,
                   Duration cardsElapsed, CpuAccount.Split cpu, Map<String, ThreadCpu.GroupTime> threads,
                   BenchmarkOptions.Signing signing, PushPayloads.Signing clientSigning, int envelopeBytes,
                   String tamperedAnswer, CpuAccount.Split idle, IntakeCounters.Check check) {

        boolean complete() {
            return load.complete() && load.accepted() == messages && cardsElapsed != null;
        }

        double cardsPerSecond() {
            return cardsElapsed == null ? Double.NaN : messages / Math.max(1e-9, cardsElapsed.toNanos() / 1e9);
        }
    }

    static Figures run(Environment environment, BenchmarkOptions options, SmevEnvelopes envelopes,
                       BenchmarkOptions.Signing signing, SigningKeys keys, Consumer<String> out) throws Exception {
        int total = options.warmup() + options.messages();
        PushPayloads payloads;
        if (signing == BenchmarkOptions.Signing.ON) {
            out.accept(String.format(Locale.ROOT, "  signing %d envelopes (provider's and SMEV's signatures) on %d "
                    + "threads before the platform starts: the client's work, not counted", total,
                    PushPayloads.SIGNING_THREADS));
            payloads = PushPayloads.signed(envelopes,
                    new SmevSignatures(keys.smev(), keys.sender(), keys.trustedByGateway()), total);
            out.accept(String.format(Locale.ROOT, "    %.2f ms CPU per envelope, %d bytes each",
                    payloads.signing().cpuMillisPerEnvelope(), payloads.size()));
        } else {
            payloads = PushPayloads.unsigned(envelopes);
        }
        environment.reset();
        Map<String, String> extra = new LinkedHashMap<>(Environment.signingProperties(signing, keys));
        // Platform.startGateway turns pull on; the overrides come after, so this keeps it off for the phase.
        extra.put("moku.gateway.pull.enabled", "false");
        try (Platform platform = new Platform(environment.settings(extra))) {
            out.accept("  starting the SMEV simulator, card-processor and the gateway (pull off)");
            // Only the intake's parts, as in the pull phase: Platform.start() would also start enrichment, org-registry,
            // survey-service and the simulators behind them, whose work on the cards would share the cores measured.
            platform.startSimulators();
            platform.startCardProcessor();
            platform.startGateway();
            try (PushClient client = new PushClient(platform.gatewayUrl(), options.concurrency());
                 ThreadCpu threadCpu = ThreadCpu.start();
                 IntakeCounters counters = new IntakeCounters(platform.jdbcUrl(), Environment.POSTGRES_USER)) {
                int warmup = options.warmup();
                if (warmup > 0) {
                    out.accept(String.format(Locale.ROOT, "  warm-up: %d pushes, not counted", warmup));
                    PushClient.Result warm = push(client, payloads, warmup, options, out);
                    if (warm.accepted() != warmup) {
                        throw new IllegalStateException("warm-up: " + warm.accepted() + " of " + warmup
                                + " pushes accepted; first failure: " + warm.firstFailure());
                    }
                    if (Poll.until(() -> counters.cards() >= warmup, options.timeout(),
                            () -> "warm-up cards " + counters.cards() + "/" + warmup, out).isEmpty()) {
                        throw new IllegalStateException("warm-up: not every card arrived within " + options.timeout());
                    }
                }

                out.accept(String.format(Locale.ROOT, "  measured: %d pushes, %d in flight", options.messages(),
                        options.concurrency()));
                ThreadCpu.Snapshot threadsAtStart = threadCpu.snapshot();
                Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
                long started = System.nanoTime();
                PushClient.Result load = push(client, payloads, options.messages(), options, out);
                long expectedCards = (long) warmup + options.messages();
                OptionalLong allCards = Poll.until(() -> counters.cards() >= expectedCards, options.timeout(),
                        () -> "cards " + (counters.cards() - warmup) + "/" + options.messages(), out);
                CpuAccount.Split cpu = CpuAccount.between(cpuAtStart, CpuAccount.read()).orElse(null);
                Map<String, ThreadCpu.GroupTime> threads = threadCpu.since(threadsAtStart);
                long cardsStored = counters.cards() - warmup;
                String tamperedAnswer = null;
                if (signing == BenchmarkOptions.Signing.ON) {
                    // Proof that the gateway verified what it took in: a broken signature must be refused.
                    byte[] tampered = PushPayloads.tampered(envelopes,
                            new SmevSignatures(keys.smev(), keys.sender(), keys.trustedByGateway()));
                    PushClient.Result answer = push(client, () -> tampered, 1, options, out);
                    tamperedAnswer = answer.accepted() == 1 ? "202: accepted — the gateway did not verify"
                            : answer.firstFailure();
                    out.accept("  an envelope changed after signing: " + tamperedAnswer);
                }
                // After the run, not before: right after start-up the JVM still compiles and settles, which is no idle.
                // And only once card-processor's answers have come back to the gateway (raw message processed), which
                // is still work of the run.
                Poll.until(() -> counters.processedRawMessages() >= expectedCards, options.timeout(),
                        () -> "raw messages processed " + counters.processedRawMessages() + "/" + expectedCards, out);
                out.accept("  idle baseline: " + IDLE.toSeconds() + " s with nothing sent");
                CpuAccount.Split idle = CpuAccount.idle(IDLE).orElse(null);
                IntakeCounters.Check check = counters.check();
                return new Figures(warmup, options.messages(), options.concurrency(), load, cardsStored,
                        allCards.isPresent() ? Duration.ofNanos(allCards.getAsLong() - started) : null, cpu, threads,
                        signing, payloads.signing(), payloads.size() > 0 ? payloads.size() : envelopes.size(),
                        tamperedAnswer, idle, check);
            }
        }
    }

    private static PushClient.Result push(PushClient client, Supplier<byte[]> envelopes, int count,
                                          BenchmarkOptions options, Consumer<String> out) throws InterruptedException {
        CompletableFuture<PushClient.Result> result = client.push(envelopes, count, options.timeout()).toFuture();
        // The run stops sending at the timeout by itself; the margin is for the answers still in flight then.
        OptionalLong finished = Poll.until(result::isDone, options.timeout().plus(ANSWER_MARGIN),
                () -> "answers " + client.answered() + "/" + count, out);
        if (finished.isEmpty()) {
            result.cancel(true);
            throw new IllegalStateException("the push run of " + count + " requests did not finish in time");
        }
        return result.join();
    }
}
