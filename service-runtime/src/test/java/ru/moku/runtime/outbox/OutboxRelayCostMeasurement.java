package ru.moku.runtime.outbox;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;

/**
 * Not a test (surefire's includes skip it): what the relays cost, printed for the record. Run it by name:
 * {@code ./mvnw -o -q -pl service-runtime -am verify -Dtest=OutboxRelayCostMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure.properties=moku.messaging.outbox.poll-interval=2s}
 * <p>Idle: transactions committed in the service's database over 30 s with both relays (RabbitMQ, Kafka) running and
 * nothing to publish, and the JVM's CPU time meanwhile. Load: 1,000 messages appended one per transaction (8 at a
 * time), published; per message the transactions and row changes beyond the appending transaction itself.
 */
class OutboxRelayCostMeasurement {

    private static final int MESSAGES = 1_000;

    @Test
    void measure() throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>();
        for (String pair : System.getProperty("measure.properties", "").split(",")) {
            if (pair.contains("=")) {
                overrides.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        try (RunningService service = RuntimeTestApplication.start(overrides)) {
            TestDatabase database = service.database();
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(60)).until(() -> true);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

            long[] before = counters(database);
            long cpuBefore = os.getProcessCpuTime();
            await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(60)).until(() -> true);
            long[] after = counters(database);
            long cpuAfter = os.getProcessCpuTime();
            System.out.printf("MEASURE idle 30 s: xact_commit %d (%.1f/s), JVM CPU %d ms%n", after[0] - before[0],
                    (after[0] - before[0]) / 30.0, (cpuAfter - cpuBefore) / 1_000_000);

            Outbox outbox = service.bean(Outbox.class);
            TransactionalOperator tx = service.bean(TransactionalOperator.class);
            long[] start = counters(database);
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            Flux.range(0, MESSAGES)
                    .flatMap(i -> tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES,
                            TestMessages.cardOutcome())), 8)
                    .then().block(Duration.ofMinutes(5));
            await().atMost(Duration.ofMinutes(5)).until(() -> database.count(
                    "SELECT count(*) FROM testapp.outbox WHERE published_at IS NULL") == 0);
            long cpuEnd = os.getProcessCpuTime();
            long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
            System.out.printf("MEASURE load phase %d ms wall; JVM CPU beyond the idle rate %d ms%n", wallMs,
                    (cpuEnd - cpuStart) / 1_000_000 - (cpuAfter - cpuBefore) / 1_000_000 * wallMs / 30_000);
            // Backends flush their statistics at most every second, idle ones after 10 s.
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(60)).until(() -> true);
            long[] end = counters(database);
            long idleCommits = Math.round((after[0] - before[0]) / 30.0 * 12);
            System.out.printf("MEASURE %d messages: xact_commit %d (%.2f per message beyond its own transaction,"
                            + " idle share of the 12 s settle removed), outbox updates %d (HOT %d), deletes %d,"
                            + " dead tuples %d, JVM CPU %d ms (appending included)%n",
                    MESSAGES, end[0] - start[0], (end[0] - start[0] - MESSAGES - idleCommits) / (double) MESSAGES,
                    end[1] - start[1], end[2] - start[2], end[3] - start[3], end[4], (cpuEnd - cpuStart) / 1_000_000);
        }
    }

    private static long[] counters(TestDatabase database) {
        return new long[] {
                database.count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"),
                database.count("SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = 'testapp'"
                        + " AND relname = 'outbox'"),
                database.count("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE schemaname = 'testapp'"
                        + " AND relname = 'outbox'"),
                database.count("SELECT n_tup_del FROM pg_stat_user_tables WHERE schemaname = 'testapp'"
                        + " AND relname = 'outbox'"),
                database.count("SELECT n_dead_tup FROM pg_stat_user_tables WHERE schemaname = 'testapp'"
                        + " AND relname = 'outbox'")};
    }
}
