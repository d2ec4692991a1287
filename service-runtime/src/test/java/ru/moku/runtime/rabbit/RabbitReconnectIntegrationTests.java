package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * The broker drops the service's connections (as on a RabbitMQ restart or a network cut): consumers resume, the
 * outbox relay publishes again, nothing is lost, and health says DOWN meanwhile. Only this test's own connections
 * are closed ({@code rabbitmqctl close_connection}, chosen by the connection name {@code moku-<service-name>-…},
 * the service name being unique to the test); the machine's broker and other tests' connections are left alone.
 */
class RabbitReconnectIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String OUTCOMES = Destinations.CARD_OUTCOMES.queue();

    @Test
    void consumersAndTheOutboxRelayResumeAfterTheBrokerClosedTheirConnections() throws Exception {
        Assumptions.assumeTrue(rabbitmqctlWorks(), "rabbitmqctl is needed to close connections from the broker");
        String serviceName = "runtime-test-rc" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (RunningService service = RuntimeTestApplication.start(Map.of("moku.messaging.service-name", serviceName))) {
            EnvelopeCodec codec = service.bean(EnvelopeCodec.class);
            RabbitHealthIndicator health = service.bean(RabbitHealthIndicator.class);

            // Before: both connections in use.
            service.rabbit().publishAll(Destinations.SERVICE_CARDS, cards(codec, 20));
            insertOutboxRows(service, 20);
            await("the first cards handled").atMost(WAIT).until(() -> effects(service) == 20);
            await("the first rows published").atMost(WAIT).until(() -> unpublished(service) == 0);
            List<String> closed = closeConnections("moku-" + serviceName + "-");
            assertThat(closed).as("the service's sender and receiver connections").hasSize(2);

            // While and after they are gone: new work on both paths.
            service.rabbit().publishAll(Destinations.SERVICE_CARDS, cards(codec, 30));
            insertOutboxRows(service, 30);

            await("every card handled").atMost(WAIT).until(() -> effects(service) == 50);
            await("every row published").atMost(WAIT).until(() -> unpublished(service) == 0);
            await("health UP again").atMost(WAIT).until(() -> Status.UP.equals(health.health()
                    .map(Health::getStatus).block(WAIT)));
            await("the connections open again").atMost(WAIT)
                    .until(() -> connectionNames("moku-" + serviceName + "-").size() == 2);

            await("every published row in the queue").atMost(WAIT)
                    .until(() -> service.rabbit().messageCount(OUTCOMES) >= 50);
            List<Message> published = service.rabbit().drain(OUTCOMES);
            assertThat(published).extracting(Message::messageId).doesNotHaveDuplicates().hasSize(50);
            assertThat(service.database().count("SELECT count(DISTINCT card_id) FROM testapp.test_effect"))
                    .isEqualTo(50);
            assertThat(service.rabbit().messageCount(Destinations.SERVICE_CARDS.queue())).isZero();
            assertThat(service.rabbit().messageCount(Destinations.SERVICE_CARDS.deadLetterQueue())).isZero();
        }
    }

    private static List<String> cards(EnvelopeCodec codec, int count) {
        return IntStream.range(0, count).mapToObj(i -> codec.encodeToString(TestMessages.serviceCard())).toList();
    }

    private static void insertOutboxRows(RunningService service, int rows) {
        service.database().update("""
                INSERT INTO testapp.outbox (message_id, transport, destination, routing_key, message_type, payload)
                SELECT gen_random_uuid(), 'RABBIT', '%s', '%s', 'ru.moku.test.v1', '{"n":' || n || '}'
                FROM generate_series(1, %d) AS n""".formatted(Destinations.CARD_OUTCOMES.exchange(),
                Destinations.CARD_OUTCOMES.routingKey(), rows));
    }

    private static long effects(RunningService service) {
        return service.database().count("SELECT count(*) FROM testapp.test_effect");
    }

    private static long unpublished(RunningService service) {
        return service.database().count(
                "SELECT count(*) FROM testapp.outbox WHERE published_at IS NULL AND transport = 'RABBIT'");
    }

    /** Closes, from the broker's side, every connection whose name starts with {@code prefix}; returns them. */
    private static List<String> closeConnections(String prefix) throws IOException, InterruptedException {
        List<String> connections = connectionNames(prefix);
        for (String connection : connections) {
            run("rabbitmqctl", "close_connection", connection, "test: the broker drops the connection");
        }
        return connections;
    }

    /** The broker's process ids of the connections whose client name starts with prefix. */
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
