package ru.moku.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.moku.local.Platform;
import ru.moku.local.SmevSimulatorClient;

/**
 * Phase b: the gateway pulls from the SMEV simulator (GetResponse → store → Ack loops). The
 * simulator's queue is filled at once after the start, before the warm-up ends, so the measured loops never find
 * it empty and the generation of messages is not part of the measured time. The first {@code warmup} acknowledgements
 * are the warm-up; the measured interval starts when they are seen.
 */
final class PullPhase {

    private static final Pattern ACKED = Pattern.compile("\"acked\"\\s*:\\s*(\\d+)");
    private static final long SEED = 20261122L;

    private PullPhase() {
    }

    /**
     * What the phase measured.
     *
     * @param warmup          messages pulled before the measured interval
     * @param messages        messages in the measured interval
     * @param acked           acknowledgements in the measured interval
     * @param ackedElapsed    from the end of the warm-up until every message was stored and acknowledged; null if not all were
     * @param cards           cards stored in the measured interval
     * @param cardsElapsed    from the end of the warm-up until every card was stored; null if not all were
     * @param cpu             cores busy over the measured interval, by whom; null where /proc cannot be read
     * @param threads         CPU milliseconds of this JVM's crypto pools over the measured interval
     * @param signing         signatures on or off
     * @param latencyMillis   p50 and p99 of delivered → taken in (see {@link IntakeCounters#pullLatencyMillis}); null if unknown
     * @param idle            cores busy after the run, the queue empty; null if unknown
     * @param check           the database at the end
     */
    record Figures(int warmup, int messages, long acked, Duration ackedElapsed, long cards,
                   Duration cardsElapsed, CpuAccount.Split cpu, Map<String, ThreadCpu.GroupTime> threads,
                   BenchmarkOptions.Signing signing, double[] latencyMillis, CpuAccount.Split idle,
                   IntakeCounters.Check check) {

        boolean complete() {
            return ackedElapsed != null && cardsElapsed != null;
        }

        double messagesPerSecond() {
            return ackedElapsed == null ? Double.NaN : acked / Math.max(1e-9, ackedElapsed.toNanos() / 1e9);
        }

        double cardsPerSecond() {
            return cardsElapsed == null ? Double.NaN : cards / Math.max(1e-9, cardsElapsed.toNanos() / 1e9);
        }
    }

    static Figures run(Environment environment, BenchmarkOptions options, BenchmarkOptions.Signing signing,
                       SigningKeys keys, Consumer<String> out) throws InterruptedException {
        environment.reset();
        Map<String, String> extra = new LinkedHashMap<>(Environment.signingProperties(signing, keys));
        if (options.pullConcurrency() > 0) {
            extra.put("moku.gateway.pull.concurrency", String.valueOf(options.pullConcurrency()));
        }
        int warmup = options.warmup();
        int total = warmup + options.messages();
        try (Platform platform = new Platform(environment.settings(extra))) {
            out.accept("  starting the SMEV simulator, card-processor and the gateway (pulling from an empty queue)");
            platform.startSimulators();
            platform.startCardProcessor();
            platform.startGateway();
            SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
            // Queued at once, before the warm-up ends, so that the measured loops never find the queue empty; the
            // loops' idle backoff (at most moku.gateway.pull.max-idle-backoff) delays only the warm-up.
            out.accept(String.format(Locale.ROOT, "  queueing %d generated messages (%d warm-up + %d measured)", total,
                    warmup, options.messages()));
            smev.generate(total, 0.0, SEED);
            try (IntakeCounters counters = new IntakeCounters(platform.jdbcUrl(), Environment.POSTGRES_USER);
                 ThreadCpu threadCpu = ThreadCpu.start()) {
                if (warmup > 0 && Poll.until(() -> acked(smev) >= warmup, options.timeout(),
                        () -> "warm-up acked " + acked(smev) + "/" + warmup, out).isEmpty()) {
                    throw new IllegalStateException("warm-up: not every message was acknowledged within "
                            + options.timeout());
                }
                ThreadCpu.Snapshot threadsAtStart = threadCpu.snapshot();
                Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
                long started = System.nanoTime();
                long ackedAtStart = acked(smev);
                long cardsAtStart = counters.cards();
                out.accept(String.format(Locale.ROOT, "  measured: from %d acknowledged until all %d are", ackedAtStart,
                        total));

                OptionalLong allAcked = Poll.until(
                        () -> acked(smev) >= total && counters.rawMessages() >= total, options.timeout(),
                        () -> "acked " + acked(smev) + "/" + total + " · cards " + counters.cards() + "/" + total, out);
                long ackedAtEnd = acked(smev);
                OptionalLong allCards = Poll.until(() -> counters.cards() >= total, options.timeout(),
                        () -> "cards " + counters.cards() + "/" + total, out);
                long cardsAtEnd = counters.cards();
                CpuAccount.Split cpu = CpuAccount.between(cpuAtStart, CpuAccount.read()).orElse(null);
                Map<String, ThreadCpu.GroupTime> threads = threadCpu.since(threadsAtStart);
                double[] latency = counters.pullLatencyMillis((int) ackedAtStart, 0.5, 0.99);
                // After the run: the queue is empty and the loops back off, warm, as a pulling gateway idles.
                out.accept("  idle baseline: " + PushPhase.IDLE.toSeconds() + " s with the queue empty");
                CpuAccount.Split idle = CpuAccount.idle(PushPhase.IDLE).orElse(null);
                IntakeCounters.Check check = counters.check();
                return new Figures(warmup, options.messages(), ackedAtEnd - ackedAtStart, since(started, allAcked),
                        cardsAtEnd - cardsAtStart, since(started, allCards), cpu, threads, signing, latency, idle, check);
            }
        }
    }

    private static Duration since(long started, OptionalLong reached) {
        return reached.isPresent() ? Duration.ofNanos(reached.getAsLong() - started) : null;
    }

    /** Acknowledgements the simulator has received ({@code GET /admin/smev/stats}). */
    private static long acked(SmevSimulatorClient smev) {
        String stats = smev.stats();
        Matcher matcher = ACKED.matcher(stats);
        if (!matcher.find()) {
            throw new IllegalStateException("no 'acked' in the simulator's stats: " + stats);
        }
        return Long.parseLong(matcher.group(1));
    }
}
