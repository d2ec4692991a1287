package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;

/**
 * A measurement, not a check (runs only with {@code -Dmoku.measure=true}): transactions, inserted rows and JVM CPU
 * per message for a simple handler, consuming a backlog of {@code moku.measure.messages} (5,000) service cards.
 * Extra consumer settings come from {@code -Dmoku.measure.consumer=batch-size=1,...}.
 *
 * <pre>./mvnw -o -q -pl service-runtime -am verify -Dtest=ReliableConsumerCostIntegrationTests \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dmoku.measure=true</pre>
 */
class ReliableConsumerCostIntegrationTests {

    /** PostgreSQL 15 flushes a backend's statistics at most every second, an idle one's after 10 s. */
    private static final Duration STATISTICS_FLUSHED = Duration.ofSeconds(12);

    @Test
    void transactionsAndCpuPerMessageOfABacklog() {
        Assumptions.assumeTrue(Boolean.getBoolean("moku.measure"), "a measurement: -Dmoku.measure=true");
        int messages = Integer.getInteger("moku.measure.messages", 5_000);
        Map<String, String> settings = new HashMap<>(Map.of("moku.messaging.outbox.enabled", "false"));
        for (String setting : System.getProperty("moku.measure.consumer", "").split(",")) {
            if (setting.contains("=")) {
                String[] pair = setting.split("=", 2);
                settings.put("moku.messaging.consumer." + pair[0].trim(), pair[1].trim());
            }
        }
        try (TestDatabase database = TestDatabase.create(); TestRabbit rabbit = TestRabbit.create();
             ConfigurableApplicationContext app = RuntimeTestApplication.start(database, rabbit, settings)) {
            @SuppressWarnings("rawtypes")
            Map<String, ReliableConsumer> consumers = app.getBeansOfType(ReliableConsumer.class);
            consumers.values().forEach(ReliableConsumer::stop);
            EnvelopeCodec codec = app.getBean(EnvelopeCodec.class);
            List<String> bodies = IntStream.range(0, messages)
                    .mapToObj(i -> codec.encodeToString(TestMessages.serviceCard())).toList();
            for (int from = 0; from < messages; from += 1_000) {
                rabbit.publishAll(Destinations.SERVICE_CARDS, bodies.subList(from, Math.min(messages, from + 1_000)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> rabbit.messageCount(Destinations.SERVICE_CARDS.queue())
                    == messages);
            await().pollDelay(STATISTICS_FLUSHED).atMost(STATISTICS_FLUSHED.plusSeconds(5)).until(() -> true);
            long[] before = statistics(database);
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();

            consumers.values().forEach(ReliableConsumer::start);
            // Each look at the database is a transaction of its own there: counted, and taken off the figure.
            AtomicInteger looks = new AtomicInteger();
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rabbit.messageCount(Destinations.SERVICE_CARDS.queue()) == 0
                            && looks.incrementAndGet() > 0
                            && database.count("SELECT count(*) FROM testapp.test_effect") == messages);
            long cpu = processCpuNanos() - cpuBefore;
            long wall = System.nanoTime() - started;
            await().pollDelay(STATISTICS_FLUSHED).atMost(STATISTICS_FLUSHED.plusSeconds(5)).until(() -> true);
            long[] after = statistics(database);

            io.micrometer.core.instrument.DistributionSummary batches = app.getBean(
                    io.micrometer.core.instrument.MeterRegistry.class).find("moku.messages.batch.size")
                    .tag("queue", Destinations.SERVICE_CARDS.queue()).summary();
            System.out.printf("MEASURE consumer settings %s: %d messages, xact_commit %.3f/message, xact_rollback %d,"
                            + " tup_inserted %.3f/message, JVM CPU %.3f ms/message, wall %d ms, mean batch %s,"
                            + " load %s%n",
                    settings, messages, (after[0] - before[0] - looks.get()) / (double) messages,
                    after[1] - before[1],
                    (after[2] - before[2]) / (double) messages, cpu / 1e6 / messages, wall / 1_000_000,
                    batches == null ? "n/a" : String.format("%.1f", batches.mean()),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            assertThat(database.count("SELECT count(DISTINCT card_id) FROM testapp.test_effect")).isEqualTo(messages);
        }
    }

    private static long[] statistics(TestDatabase database) {
        String where = " FROM pg_stat_database WHERE datname = '" + database.name() + "'";
        return new long[] {
                database.count("SELECT xact_commit" + where),
                database.count("SELECT xact_rollback" + where),
                database.count("SELECT tup_inserted" + where)};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
