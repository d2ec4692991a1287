package ru.moku.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the push phase sends, request after request. Unsigned: {@link SmevEnvelopes#next()}, a new MessageId each.
 * Signed: the same envelopes, each signed as SMEV delivers it (provider's and SMEV's signatures over content that
 * holds its own MessageId), all signed <em>before</em> the run on {@link #SIGNING_THREADS} threads: signing is the
 * SMEV adapter's work, not the gateway's, and signing while pushing would take the cores the gateway is measured on.
 * What it cost is reported apart ({@link #signing()}).
 */
public final class PushPayloads implements Supplier<byte[]> {

    static final int SIGNING_THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * What signing the envelopes cost the benchmark client (none when unsigned).
     *
     * @param envelopes     envelopes signed
     * @param cpuMillis     CPU milliseconds of the signing threads
     * @param wallMillis    how long signing them took
     */
    record Signing(int envelopes, double cpuMillis, double wallMillis) {
        double cpuMillisPerEnvelope() {
            return envelopes == 0 ? Double.NaN : cpuMillis / envelopes;
        }
    }

    private final Supplier<byte[]> unsigned;
    private final List<byte[]> signed;
    private final AtomicInteger next = new AtomicInteger();
    private final Signing signing;

    private PushPayloads(Supplier<byte[]> unsigned, List<byte[]> signed, Signing signing) {
        this.unsigned = unsigned;
        this.signed = signed;
        this.signing = signing;
    }

    public static PushPayloads unsigned(SmevEnvelopes envelopes) {
        return new PushPayloads(envelopes::next, null, new Signing(0, 0, 0));
    }

    /** {@code count} signed envelopes, each with a new MessageId, handed out in order. */
    static PushPayloads signed(SmevEnvelopes envelopes, SmevSignatures signatures, int count) throws Exception {
        byte[][] signed = new byte[count][];
        AtomicInteger index = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        AtomicLong cpuNanos = new AtomicLong();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(SIGNING_THREADS, runnable -> {
            Thread thread = new Thread(runnable, ThreadCpu.Group.CLIENT_SIGNING_THREAD + "-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < SIGNING_THREADS; t++) {
                workers.add(pool.submit(() -> {
                    long cpuAtStart = threads.getCurrentThreadCpuTime();
                    for (int i = index.getAndIncrement(); i < count; i = index.getAndIncrement()) {
                        signed[i] = signatures.signResponse(envelopes.next());
                    }
                    cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuAtStart);
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new PushPayloads(null, List.of(signed),
                new Signing(count, cpuNanos.get() / 1e6, (System.nanoTime() - started) / 1e6));
    }

    /**
     * A signed envelope changed after signing — its MessageId replaced by a new one, in the signed content and in the
     * metadata alike, so that it is neither a duplicate nor validly signed: a gateway that verifies refuses it (422).
     */
    static byte[] tampered(SmevEnvelopes envelopes, SmevSignatures signatures) {
        String signedId = envelopes.nextMessageId();
        String otherId = envelopes.nextMessageId();
        String signed = new String(signatures.signResponse(envelopes.withMessageId(signedId)),
                StandardCharsets.UTF_8);
        return signed.replace(signedId, otherId).getBytes(StandardCharsets.UTF_8);
    }

    /** The next envelope to push; signed ones in order, each once. */
    @Override
    public byte[] get() {
        if (signed == null) {
            return unsigned.get();
        }
        int i = next.getAndIncrement();
        if (i >= signed.size()) {
            throw new IllegalStateException("all " + signed.size() + " signed envelopes were pushed already");
        }
        return signed.get(i);
    }

    Signing signing() {
        return signing;
    }

    /** One envelope's size in bytes (the first), for the report. */
    int size() {
        return signed == null ? -1 : signed.get(0).length;
    }
}
