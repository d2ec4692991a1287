package ru.moku.gateway.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.intake.SmevReading;
import ru.moku.gateway.intake.SmevResponseReader;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.xml.SmevSchemas;

/**
 * Not a test (no suite runs it): what the push intake costs per message — transactions and statements on the
 * database (its {@code pg_stat_database} deltas) and CPU of the test JVM minus the push client's threads.
 * Run: {@code ./mvnw -o -q -pl gateway -am verify -Dtest=IntakeCostProbe -Dsurefire.failIfNoSpecifiedTests=false
 * -Dprobe.messages=2000 -Dprobe.inFlight=32}; the figures go to standard output ({@code probe:} lines).
 * The outbox relay and the re-drive jobs are off, so the counts are the intake's alone.
 */
class IntakeCostProbe {

    private static final int MESSAGES = Integer.getInteger("probe.messages", 2000);
    private static final int IN_FLIGHT = Integer.getInteger("probe.inFlight", 32);
    private static final int WARM_UP = Integer.getInteger("probe.warmUp", 500);

    @Test
    void pushIntakeCost() throws Exception {
        try (GatewayTestApp app = GatewayTestApp.start(Map.of(
                "moku.messaging.outbox.enabled", "false",
                "moku.gateway.reprocessing.enabled", "false"))) {
            AtomicInteger clientThreads = new AtomicInteger();
            ExecutorService clientPool = Executors.newFixedThreadPool(2,
                    r -> new Thread(r, "probe-client-" + clientThreads.incrementAndGet()));
            HttpClient client = HttpClient.newBuilder().executor(clientPool).build();
            URI uri = URI.create("http://127.0.0.1:" + app.context.getEnvironment().getProperty("local.server.port")
                    + "/smev/inbound");
            push(client, uri, WARM_UP);
            Thread.sleep(1000);

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long[] before = stats(app);
            long cpuBefore = os.getProcessCpuTime();
            long clientBefore = clientCpu(threads);
            long started = System.nanoTime();
            int accepted = push(client, uri, MESSAGES);
            long wall = System.nanoTime() - started;
            long clientCpu = clientCpu(threads) - clientBefore;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long[] after = stats(app);
            clientPool.shutdownNow();

            assertThat(accepted).isEqualTo(MESSAGES);
            double n = MESSAGES;
            System.out.printf("probe: messages=%d inFlight=%d wall=%.1fs rate=%.0f/s%n", MESSAGES, IN_FLIGHT,
                    wall / 1e9, MESSAGES / (wall / 1e9));
            System.out.printf("probe: xact_commit/msg=%.3f xact_rollback/msg=%.3f tup_inserted/msg=%.3f"
                            + " tup_updated/msg=%.3f tup_fetched/msg=%.3f%n", (after[0] - before[0]) / n,
                    (after[1] - before[1]) / n, (after[2] - before[2]) / n, (after[3] - before[3]) / n,
                    (after[4] - before[4]) / n);
            System.out.printf("probe: jvm cpu ms/msg=%.3f (process %.0f ms, push client threads %.0f ms)%n",
                    (cpu - clientCpu) / 1e6 / n, cpu / 1e6, clientCpu / 1e6);
        }
    }

    @Test
    void xmlReadCost() {
        SmevResponseReader reader = new SmevResponseReader(SmevSchemas.smevWithServiceData());
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            messages.add(SmevMessages.validEnvelope(SmevMessages.newMessageId()));
        }
        for (int round = 0; round < 20; round++) {
            messages.forEach(reader::read);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadCpuTime();
        int reads = 0;
        for (int round = 0; round < 50; round++) {
            for (String message : messages) {
                assertThat(reader.read(message)).isInstanceOf(SmevReading.Valid.class);
                reads++;
            }
        }
        System.out.printf("probe: SmevResponseReader.read cpu µs/msg=%.1f (%d reads, warm)%n",
                (threads.getCurrentThreadCpuTime() - before) / 1e3 / reads, reads);
    }

    /** Pushes {@code count} valid one-card messages, {@code IN_FLIGHT} at a time; the number answered 202. */
    private static int push(HttpClient client, URI uri, int count) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicInteger accepted = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            window.acquire();
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(SmevMessages.validEnvelope(SmevMessages.newMessageId())))
                    .build();
            all.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (response != null && response.statusCode() == 202) {
                            accepted.incrementAndGet();
                        }
                        window.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return accepted.get();
    }

    private static long clientCpu(ThreadMXBean threads) {
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("probe-client-")
                    || info.getThreadName().startsWith("HttpClient-"))) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long[] stats(GatewayTestApp app) {
        String where = " FROM pg_stat_database WHERE datname = '" + app.db.name() + "'";
        try {
            Thread.sleep(1500); // backends flush their counters about once a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new long[] {
                app.db.queryForObject("SELECT xact_commit" + where, Long.class),
                app.db.queryForObject("SELECT xact_rollback" + where, Long.class),
                app.db.queryForObject("SELECT tup_inserted" + where, Long.class),
                app.db.queryForObject("SELECT tup_updated" + where, Long.class),
                app.db.queryForObject("SELECT tup_fetched" + where, Long.class)};
    }
}
