package ru.moku.runtime.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Destinations.WorkQueue;

/**
 * A private corner of the machine's real RabbitMQ ({@code 127.0.0.1:5672}, guest/guest) for one
 * test class: every exchange and queue name gets a unique prefix; {@link #close()} deletes them.
 */
public final class TestRabbit implements AutoCloseable {

    private static final String HOST = System.getenv().getOrDefault("MOKU_TEST_RABBIT_HOST", "127.0.0.1");

    private final String prefix;
    private final Connection connection;

    private TestRabbit(String prefix, Connection connection) {
        this.prefix = prefix;
        this.connection = connection;
    }

    public static TestRabbit create() {
        String prefix = "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        try {
            return new TestRabbit(prefix, factory.newConnection("moku-test"));
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ at " + HOST + ":5672 is not reachable: " + e.getMessage()
                    + " (start it: rabbitmq-server -detached)", e);
        }
    }

    public String prefix() {
        return prefix;
    }

    /** Spring properties that point a service at this broker with this prefix. */
    public Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("moku.messaging.name-prefix", prefix);
        properties.put("moku.messaging.rabbitmq.host", HOST);
        return properties;
    }

    /** Messages ready in a queue (logical name, without the prefix). */
    public long messageCount(String logicalQueue) {
        try (Channel channel = connection.createChannel()) {
            return channel.messageCount(prefix + logicalQueue);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one message from a queue (acknowledged), or {@code null}. */
    public String take(String logicalQueue) {
        try (Channel channel = connection.createChannel()) {
            GetResponse response = channel.basicGet(prefix + logicalQueue, true);
            return response == null ? null : new String(response.getBody(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message taken off a queue.
     *
     * @param messageId the AMQP {@code message-id} property, or {@code null}
     * @param body      the body as UTF-8 text
     */
    public record Message(String messageId, String body) {
    }

    /** Takes every message that is ready in a queue (acknowledged), in queue order. */
    public List<Message> drain(String logicalQueue) {
        List<Message> messages = new ArrayList<>();
        try (Channel channel = connection.createChannel()) {
            for (GetResponse response = channel.basicGet(prefix + logicalQueue, true); response != null;
                 response = channel.basicGet(prefix + logicalQueue, true)) {
                messages.add(new Message(response.getProps().getMessageId(),
                        new String(response.getBody(), StandardCharsets.UTF_8)));
            }
            return messages;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a raw body to the exchange and routing key that feed {@code queue}. */
    public void publish(WorkQueue queue, String body) {
        publishAll(queue, List.of(body));
    }

    /** Publishes raw bodies, in order and on one channel, and waits for the broker's confirms. */
    public void publishAll(WorkQueue queue, List<String> bodies) {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (String body : bodies) {
                channel.basicPublish(prefix + queue.exchange(), queue.routingKey(), true,
                        new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        body.getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Channel channel = connection.createChannel()) {
            for (WorkQueue queue : Destinations.WORK_QUEUES) {
                channel.queueDelete(prefix + queue.queue());
                channel.queueDelete(prefix + queue.deadLetterQueue());
            }
            for (String exchange : Destinations.EXCHANGES) {
                channel.exchangeDelete(prefix + exchange);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not clean up RabbitMQ names " + prefix + "*", e);
        } finally {
            try {
                connection.close();
            } catch (Exception ignored) {
                // already closed
            }
        }
    }
}
