package ru.moku.runtime.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import ru.moku.runtime.kafka.KafkaTopics;
import ru.moku.runtime.rabbit.RabbitTopology;

/**
 * A service started for one integration test class on the real servers: a {@link TestDatabase} and
 * {@link TestRabbit} names of its own, the JVM's shared {@link TestKafka}, a random HTTP port and a random management
 * (actuator) port, trusting {@link TestJwts}' tokens.
 * {@link #close()} stops the application, then deletes its RabbitMQ names, then drops its database
 * (in a test class: {@code @AutoClose static RunningService service}).
 */
public final class RunningService implements AutoCloseable {

    private static final Duration BROKER_WAIT = Duration.ofSeconds(60);

    private final TestDatabase database;
    private final TestRabbit rabbit;
    private final ConfigurableApplicationContext context;

    private RunningService(TestDatabase database, TestRabbit rabbit, ConfigurableApplicationContext context) {
        this.database = database;
        this.rabbit = rabbit;
        this.context = context;
    }

    /**
     * Runs {@code builder} with its tables in {@code schema}; {@code extraProperties} come last and win.
     * If it does not start, what was created for it is removed again before the failure is rethrown.
     */
    public static RunningService start(SpringApplicationBuilder builder, String schema,
                                       Map<String, ?> extraProperties) {
        TestDatabase database = TestDatabase.create();
        TestRabbit rabbit = null;
        try {
            rabbit = TestRabbit.create();
            Map<String, Object> properties = springProperties(database, rabbit, schema);
            properties.put("server.port", "0");
            properties.putAll(extraProperties);
            // Command-line arguments, not builder properties: those would lose to the service's own config file.
            ConfigurableApplicationContext context = builder.run(CommandLine.args(properties));
            try {
                awaitBrokers(context);
            } catch (RuntimeException notReady) {
                context.close();
                throw notReady;
            }
            return new RunningService(database, rabbit, context);
        } catch (RuntimeException | Error failure) {
            closeInTurn(failure, rabbit, database);
            throw failure;
        }
    }

    /**
     * The topology and the topics are declared in the background after start-up; a message published before its
     * exchange exists would be refused, a record sent before its topic exists would wait for it. A test starts once
     * they are there.
     */
    public static void awaitBrokers(ConfigurableApplicationContext context) {
        context.getBeanProvider(RabbitTopology.class).ifAvailable(topology -> topology.declared().block(BROKER_WAIT));
        context.getBeanProvider(KafkaTopics.class).ifAvailable(topics -> topics.ready().block(BROKER_WAIT));
    }

    /**
     * Spring properties that point a service at {@code database} (tables in {@code schema}), {@code rabbit} and Kafka,
     * with a random management (actuator) port and trusting {@link TestJwts}' tokens.
     */
    public static Map<String, Object> springProperties(TestDatabase database, TestRabbit rabbit, String schema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.putAll(database.springProperties(schema));
        properties.putAll(rabbit.springProperties());
        properties.putAll(TestKafka.springProperties());
        properties.put("management.server.port", "0");
        properties.putAll(TestJwts.properties());
        // A test that looks at an open incident must not race the service re-driving it on its own; the tests of
        // the automatic retry switch it on.
        properties.put("moku.incidents.auto-retry.kinds", "");
        // Tests read the outbox as the record of what a service sent: keep published rows (the relay deletes them by
        // default); the relay's own tests switch this off.
        properties.put("moku.messaging.outbox.keep-published", "true");
        return properties;
    }

    public TestDatabase database() {
        return database;
    }

    public TestRabbit rabbit() {
        return rabbit;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The port the service's web server listens on. */
    public int port() {
        if (!(context instanceof WebServerApplicationContext web)) {
            throw new IllegalStateException(context.getDisplayName() + " runs no web server");
        }
        return web.getWebServer().getPort();
    }

    /** The port of the service's actuator (health, info, prometheus): {@code management.server.port}. */
    public int managementPort() {
        return managementPort(context);
    }

    /** The port of {@code context}'s actuator: the management server's, a child context of the application's. */
    public static int managementPort(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.management.port");
        if (port == null) {
            throw new IllegalStateException(context.getDisplayName() + " runs no separate management server");
        }
        return Integer.parseInt(port);
    }

    /** Closes the application, the RabbitMQ names and the database, each even if an earlier one failed. */
    @Override
    public void close() {
        closeInTurn(null, context, rabbit, database);
    }

    /**
     * Closes {@code resources} in order, skipping nulls. Their failures are added to {@code earlier} if
     * given; otherwise the first is thrown once all were tried, with the later ones suppressed.
     */
    private static void closeInTurn(Throwable earlier, AutoCloseable... resources) {
        Throwable failure = earlier;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (earlier == null && failure != null) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        }
    }
}
