package ru.moku.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;
import ru.moku.smev.crypto.XmlSigner;

/**
 * Phase d: what one signature or verification costs, without the platform — smev-crypto's operations on a fixed
 * pool of as many threads as the gateway's crypto workers have by default (one per core), warm (a fifth of the
 * operations first, not counted). Each measurement runs {@code operations} operations and reports CPU milliseconds
 * per operation (the threads' CPU time ÷ operations: what a message costs whichever thread does it) and operations
 * per second (wall clock, all threads).
 *
 * <ul>
 *   <li>GetResponseRequest: the gateway signs it (CallerInformationSystemSignature over MessageTypeSelector: parse,
 *       sign, serialise — what {@code XmlSmevSigner} does per request), SMEV verifies it (parse, verify).</li>
 *   <li>ResponseMessage: signed as delivered (the provider's SenderInformationSystemSignature, then SMEV's
 *       SMEVSignature: parse, two signatures, serialise), and verified as the gateway's intake verifies it (parse, both
 *       signatures).</li>
 *   <li>Attachments: the GOST R 34.11-2012 (256) digest in MB/s, and a 16 KB attachment's detached PKCS#7 signature:
 *       signed, and verified with its digest (digest of the content + CMS verification, as the attachment store
 *       does).</li>
 * </ul>
 */
final class CryptoCostPhase {

    static final int THREADS = Runtime.getRuntime().availableProcessors();
    static final int ATTACHMENT_BYTES = 16 * 1024;
    /** The digest is measured over this many attachments' worth of data per operation count, for a steadier figure. */
    static final int DIGEST_ROUNDS = 4;

    private CryptoCostPhase() {
    }

    /**
     * One measurement.
     *
     * @param name        what was done
     * @param operations  operations measured
     * @param failures    operations whose result was wrong (a verification that did not verify)
     * @param cpuMillis   CPU milliseconds of the pool's threads
     * @param wallMillis  from the first operation to the last
     * @param bytes       bytes processed (digest only; 0 otherwise)
     */
    record Measurement(String name, int operations, int failures, double cpuMillis, double wallMillis, long bytes) {

        double cpuMillisPerOperation() {
            return cpuMillis / operations;
        }

        double operationsPerSecond() {
            return operations / Math.max(1e-9, wallMillis / 1000.0);
        }

        /** MB/s (10^6 bytes) per busy core, and of the pool. */
        double megabytesPerCpuSecond() {
            return bytes / 1e6 / Math.max(1e-9, cpuMillis / 1000.0);
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / Math.max(1e-9, wallMillis / 1000.0);
        }
    }

    /**
     * @param threads      pool size
     * @param operations   operations per measurement
     * @param measurements in the order run
     */
    record Figures(int threads, int operations, List<Measurement> measurements) {

        boolean complete() {
            return measurements.stream().allMatch(m -> m.failures() == 0);
        }
    }

    /** One operation; returns false when its result is wrong. */
    private interface Operation {
        boolean run(int index) throws Exception;
    }

    static Figures run(int operations, SigningKeys keys, SmevEnvelopes envelopes, Consumer<String> out)
            throws Exception {
        XmlSigner gatewaySigner = new XmlSigner(keys.gateway());
        XmlSignatureVerifier smevVerifier = new XmlSignatureVerifier(keys.trustedBySmev());
        SmevSignatures responses = new SmevSignatures(keys.smev(), keys.sender(), keys.trustedByGateway());
        SmevRequests requests = new SmevRequests("urn://moku-platform/service-data/1.0", "ServiceData", null,
                Clock.systemUTC());

        // Inputs prepared before any measurement, so that each measures the crypto work and nothing else.
        String getResponse = requests.getResponseRequest();
        String signedGetResponse = gatewaySigner.signEnvelope(getResponse, SmevRequests.SIGNED_ELEMENT_ID,
                Namespaces.SMEV_TYPES, SmevSignatures.CALLER_CONTAINER);
        byte[][] unsignedResponses = new byte[operations][];
        for (int i = 0; i < operations; i++) {
            unsignedResponses[i] = envelopes.next();
        }
        byte[] signedResponse = responses.signResponse(envelopes.next());
        byte[] attachment = new byte[ATTACHMENT_BYTES];
        new SplittableRandom(20261204L).nextBytes(attachment);
        byte[] pkcs7 = DetachedSignatures.sign(keys.sender(), attachment);
        requireValid("a GetResponseRequest", SmevSignatures.verifyCaller(smevVerifier, signedGetResponse,
                SmevRequests.SIGNED_ELEMENT_ID));
        requireValid("a ResponseMessage", responses.verifyResponse(signedResponse));

        List<Measurement> measured = new ArrayList<>();
        measured.add(measure("GetResponseRequest: sign (gateway, CallerInformationSystemSignature)", operations, out,
                i -> gatewaySigner.signEnvelope(getResponse, SmevRequests.SIGNED_ELEMENT_ID, Namespaces.SMEV_TYPES,
                        SmevSignatures.CALLER_CONTAINER) != null, 0));
        measured.add(measure("GetResponseRequest: verify (SMEV)", operations, out,
                i -> SmevSignatures.verifyCaller(smevVerifier, signedGetResponse, SmevRequests.SIGNED_ELEMENT_ID)
                        == null, 0));
        measured.add(measure("ResponseMessage: sign, provider + SMEV (SMEV's side; the push client's)", operations,
                out, i -> responses.signResponse(unsignedResponses[i % operations]) != null, 0));
        measured.add(measure("ResponseMessage: verify both signatures (gateway intake)", operations, out,
                i -> responses.verifyResponse(signedResponse) == null, 0));
        measured.add(measure("GOST R 34.11-2012 (256) digest of 16 KB", operations * DIGEST_ROUNDS, out, i -> {
            MessageDigest digest = GostDigest.newDigest();
            digest.update(attachment);
            return digest.digest().length == 32;
        }, ATTACHMENT_BYTES));
        measured.add(measure("PKCS#7 detached: sign a 16 KB attachment", operations, out,
                i -> DetachedSignatures.sign(keys.sender(), attachment).length > 0, 0));
        measured.add(measure("PKCS#7 detached: verify a 16 KB attachment (digest + CMS verify)", operations, out,
                i -> DetachedSignatures.verify(pkcs7, GostDigest.of(attachment), keys.trustedByGateway())
                        instanceof Verification.Valid, 0));
        return new Figures(THREADS, operations, measured);
    }

    private static void requireValid(String what, String problem) {
        if (problem != null) {
            throw new IllegalStateException(what + " signed here does not verify: " + problem);
        }
    }

    private static Measurement measure(String name, int operations, Consumer<String> out, Operation operation,
                                       long bytesPerOperation) throws Exception {
        int warmup = Math.max(20, operations / 5);
        run(warmup, operation);
        Measurement measurement = run(operations, operation);
        Measurement named = new Measurement(name, measurement.operations(), measurement.failures(),
                measurement.cpuMillis(), measurement.wallMillis(), bytesPerOperation * operations);
        out.accept(String.format(Locale.ROOT, "  %-90s %8.3f ms CPU/op  %8.0f ops/s%s", name,
                named.cpuMillisPerOperation(), named.operationsPerSecond(),
                named.failures() == 0 ? "" : "  " + named.failures() + " FAILED"));
        return named;
    }

    private static Measurement run(int operations, Operation operation) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "bench-crypto-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            // Every thread exists before the clock starts: thread start-up is not the operations' cost.
            List<Future<?>> started = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                started.add(pool.submit(() -> { }));
            }
            for (Future<?> future : started) {
                future.get();
            }
            long begin = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    long cpuAtStart = threads.getCurrentThreadCpuTime();
                    for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                        try {
                            if (!operation.run(i)) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpuAtStart);
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return new Measurement("", operations, failures.get(), cpuNanos.get() / 1e6,
                    (System.nanoTime() - begin) / 1e6, 0);
        } finally {
            pool.shutdownNow();
        }
    }
}
