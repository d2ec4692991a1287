package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.ScriptedHandler;
import ru.moku.runtime.testapp.ScriptedHandler.Script;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * Micro-batches of the {@link ReliableConsumer} against the real PostgreSQL and RabbitMQ: a batch that fails halfway,
 * duplicates inside one batch and across batches, a connection killed before the batch's ack. Each test queues its
 * messages while the consumer is stopped and then starts it, so that they arrive as one batch.
 */
class ReliableConsumerBatchIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String QUEUE = Destinations.SERVICE_CARDS.queue();
    private static final Map<String, String> BATCHES_OF_50 = Map.of(
            "moku.messaging.consumer.prefetch", "100",
            "moku.messaging.consumer.batch-size", "50",
            // Long enough for the whole backlog to arrive: the batch is full long before.
            "moku.messaging.consumer.batch-window", "1s");

    @AutoClose
    private static RunningService service;
    private static EnvelopeCodec codec;
    private static ScriptedHandler handler;
    private static MeterRegistry meters;
    private static ReliableConsumer<?> consumer;

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(BATCHES_OF_50);
        codec = service.bean(EnvelopeCodec.class);
        handler = service.bean(ScriptedHandler.class);
        meters = service.bean(MeterRegistry.class);
        consumer = service.context().getBean("serviceCardConsumer", ReliableConsumer.class);
    }

    @Test
    void aBatchOfFiftyWithOneFailingMessageCommitsAndAcksTheOther49OnceAndDeadLettersTheOne() throws Exception {
        List<Envelope<ServiceCard>> messages = IntStream.range(0, 50).mapToObj(i -> TestMessages.serviceCard())
                .toList();
        Envelope<ServiceCard> poison = messages.get(17);
        handler.script(cardId(poison), Script.failPermanently());
        double acked = consumed("acked");
        double deadLettered = consumed("dead_lettered");
        double failedBatches = meters.counter("moku.messages.batches.failed", "queue", QUEUE).count();

        queueWhileStopped(messages);

        await("49 acked, 1 dead-lettered").atMost(WAIT)
                .until(() -> consumed("acked") == acked + 49 && consumed("dead_lettered") == deadLettered + 1);
        assertThat(batchSizes().max()).as("the largest batch").isEqualTo(50);
        assertThat(meters.counter("moku.messages.batches.failed", "queue", QUEUE).count())
                .isEqualTo(failedBatches + 1);
        for (Envelope<ServiceCard> message : messages) {
            assertThat(effects(message)).as("effects of " + cardId(message)).isEqualTo(message == poison ? 0 : 1);
            assertThat(inboxRows(message)).isEqualTo(message == poison ? 0 : 1);
        }
        assertThat(service.database().count("SELECT count(*) FROM testapp.incident WHERE subject = '"
                + poison.subject() + "' AND kind = 'PROCESSING_FAILED'")).isEqualTo(1);
        assertThat(deadLetteredBodiesContaining(cardId(poison).toString())).hasSize(1);
        // Closing the channel gives back whatever was not acked: nothing.
        drainAndStop();
        assertThat(service.rabbit().messageCount(QUEUE)).isZero();
        assertThat(consumed("acked")).isEqualTo(acked + 49);
        consumer.start();
    }

    @Test
    void duplicatesInsideOneBatchAndAcrossBatchesTakeEffectOnce() throws Exception {
        Envelope<ServiceCard> first = TestMessages.serviceCard();
        Envelope<ServiceCard> second = TestMessages.serviceCard();
        Envelope<ServiceCard> third = TestMessages.serviceCard();
        double acked = consumed("acked");
        double duplicates = duplicates();

        queueWhileStopped(List.of(first, second, first, third, first));
        await("five deliveries acked").atMost(WAIT).until(() -> consumed("acked") == acked + 5);
        assertThat(duplicates()).isEqualTo(duplicates + 2);

        queueWhileStopped(List.of(second, first, third));
        await("three more deliveries acked").atMost(WAIT).until(() -> consumed("acked") == acked + 8);

        assertThat(duplicates()).isEqualTo(duplicates + 5);
        for (Envelope<ServiceCard> message : List.of(first, second, third)) {
            assertThat(effects(message)).isEqualTo(1);
            assertThat(inboxRows(message)).isEqualTo(1);
            assertThat(handler.attempts(cardId(message))).isEqualTo(1);
        }
        drainAndStop();
        assertThat(service.rabbit().messageCount(QUEUE)).isZero();
        consumer.start();
    }

    @Test
    void aBatchIsHandledInTheOrderOfItsSubjectsSoConcurrentBatchesTakeRowLocksInOneOrder() throws Exception {
        List<Envelope<ServiceCard>> messages = IntStream.range(0, 20).mapToObj(i -> TestMessages.serviceCard())
                .toList();
        double acked = consumed("acked");
        long before = service.database().count("SELECT coalesce(max(id), 0) FROM testapp.test_effect");

        queueWhileStopped(messages);
        await("twenty acked").atMost(WAIT).until(() -> consumed("acked") == acked + 20);

        List<String> handled = service.database().strings("SELECT card_id::text FROM testapp.test_effect WHERE id > "
                + before + " ORDER BY id");
        assertThat(handled).as("cards in the order their handlers ran").hasSize(20)
                .isSortedAccordingTo(java.util.Comparator.naturalOrder())
                .containsExactlyInAnyOrderElementsOf(messages.stream().map(Envelope::subject).toList());
    }

    @Test
    void aBatchWhoseConnectionIsKilledBeforeItsAckIsRedeliveredAndChangesNothing() throws Exception {
        Assumptions.assumeTrue(rabbitmqctlWorks(), "rabbitmqctl is needed to close connections from the broker");
        String serviceName = "runtime-test-bk" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Map<String, String> slowBatches = new java.util.HashMap<>(BATCHES_OF_50);
        slowBatches.put("moku.messaging.service-name", serviceName);
        // A batch of 30 taking 6 s: the broker's tools have time to close the connection while it runs.
        slowBatches.put("moku.messaging.consumer.batch-size", "30");
        slowBatches.put("runtime-test.handler-delay", "200ms");
        try (RunningService killed = RuntimeTestApplication.start(slowBatches)) {
            ScriptedHandler slowHandler = killed.bean(ScriptedHandler.class);
            MeterRegistry itsMeters = killed.bean(MeterRegistry.class);
            List<String> receiver = connectionNames("moku-" + serviceName + "-receiver");
            assertThat(receiver).hasSize(1);
            List<String> bodies = IntStream.range(0, 30)
                    .mapToObj(i -> killed.bean(EnvelopeCodec.class).encodeToString(TestMessages.serviceCard()))
                    .toList();
            killed.rabbit().publishAll(Destinations.SERVICE_CARDS, bodies);
            await("the batch being handled").atMost(WAIT).until(() -> slowHandler.started().size() >= 3);

            // The batch's transaction goes on and commits; its ack can no longer reach the broker.
            run("rabbitmqctl", "close_connection", receiver.get(0), "test: the connection dies before the ack");
            assertThat(slowHandler.started()).as("the batch still running").hasSizeLessThan(30);

            await("every card handled").atMost(WAIT).until(() -> killed.database()
                    .count("SELECT count(DISTINCT card_id) FROM testapp.test_effect") == 30);
            await("the redelivered batch acked").atMost(WAIT)
                    .until(() -> itsMeters.counter("moku.messages.duplicates", "queue", QUEUE).count() >= 1
                            && killed.rabbit().messageCount(QUEUE) == 0);
            killed.context().close();
            assertThat(killed.rabbit().messageCount(QUEUE)).as("nothing left unacked").isZero();
            assertThat(killed.database().count("SELECT count(*) FROM testapp.test_effect")).isEqualTo(30);
            assertThat(killed.database().count("SELECT count(*) FROM testapp.processed_message")).isEqualTo(30);
            assertThat(killed.database().count("SELECT count(*) FROM testapp.incident")).isZero();
            assertThat(killed.rabbit().messageCount(Destinations.SERVICE_CARDS.deadLetterQueue())).isZero();
        }
    }

    /** Stops the consumer (draining), queues {@code messages}, and starts it again: they arrive together. */
    private static void queueWhileStopped(List<Envelope<ServiceCard>> messages) throws Exception {
        drainAndStop();
        long queued = service.rabbit().messageCount(QUEUE);
        service.rabbit().publishAll(Destinations.SERVICE_CARDS, messages.stream().map(codec::encodeToString).toList());
        await("the messages queued").atMost(WAIT)
                .until(() -> service.rabbit().messageCount(QUEUE) == queued + messages.size());
        consumer.start();
    }

    private static void drainAndStop() throws Exception {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        consumer.stop(() -> stopped.complete(null));
        stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static DistributionSummary batchSizes() {
        return meters.get("moku.messages.batch.size").tag("queue", QUEUE).summary();
    }

    private static double consumed(String outcome) {
        return meters.counter("moku.messages.consumed", "queue", QUEUE, "outcome", outcome).count();
    }

    private static double duplicates() {
        return meters.counter("moku.messages.duplicates", "queue", QUEUE).count();
    }

    private static UUID cardId(Envelope<ServiceCard> message) {
        return message.data().cardId();
    }

    private static long effects(Envelope<ServiceCard> message) {
        return service.database().count("SELECT count(*) FROM testapp.test_effect WHERE card_id = '"
                + cardId(message) + "'");
    }

    private static long inboxRows(Envelope<ServiceCard> message) {
        return service.database().count("SELECT count(*) FROM testapp.processed_message WHERE message_id = '"
                + message.id() + "'");
    }

    private static List<String> deadLetteredBodiesContaining(String marker) {
        await("a dead letter with " + marker).atMost(WAIT)
                .until(() -> service.rabbit().messageCount(Destinations.SERVICE_CARDS.deadLetterQueue()) > 0);
        return service.rabbit().drain(Destinations.SERVICE_CARDS.deadLetterQueue()).stream().map(Message::body)
                .filter(body -> body.contains(marker)).toList();
    }

    /** The broker's process ids of the connections whose client name starts with {@code prefix}. */
    private static List<String> connectionNames(String prefix) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : run("rabbitmqctl", "-q", "list_connections", "pid", "client_properties").split("\n")) {
            if (line.contains("{\"connection_name\",\"" + prefix)) {
                names.add(line.substring(0, line.indexOf('\t')));
            }
        }
        return names;
    }

    private static boolean rabbitmqctlWorks() {
        try {
            run("rabbitmqctl", "-q", "list_connections", "name");
            return true;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
