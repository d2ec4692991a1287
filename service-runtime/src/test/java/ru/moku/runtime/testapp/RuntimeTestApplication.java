package ru.moku.runtime.testapp;

import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;
import ru.moku.runtime.testing.CommandLine;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;

/**
 * The smallest service built on service-runtime, for the runtime's own integration tests: it
 * consumes {@link Destinations#SERVICE_CARDS} with a {@link ScriptedHandler} the test steers, and
 * records dead letters with a {@link RecordingDeadLetterHook}; {@link Destinations#ENRICHMENT_REQUESTS} with the
 * two-step {@link PreparingHandler}. Its configuration file is
 * {@code runtime-test.yml}, so it never reads a service's file.
 */
@SpringBootApplication
public class RuntimeTestApplication {

    /** Schema of the runtime's tables and {@code test_effect} (migrations: {@code db/runtime}, {@code db/testapp}). */
    public static final String SCHEMA = "testapp";

    /**
     * Starts the application on a database and RabbitMQ names of its own and the shared Kafka broker;
     * {@code overrides} come last and win. Closing the result drops the database and the names again.
     */
    public static RunningService start(Map<String, ?> overrides) {
        return RunningService.start(builder(), SCHEMA, overrides);
    }

    /**
     * Starts the application on {@code database} and {@code rabbit}, which the test owns (to start it
     * again on the same ones), and the shared Kafka broker; {@code overrides} come last and win.
     */
    public static ConfigurableApplicationContext start(TestDatabase database, TestRabbit rabbit,
                                                       Map<String, ?> overrides) {
        Map<String, Object> properties = RunningService.springProperties(database, rabbit, SCHEMA);
        properties.putAll(overrides);
        // Command-line arguments, not builder properties: those would lose to runtime-test.yml.
        ConfigurableApplicationContext app = builder().run(CommandLine.args(properties));
        RunningService.awaitBrokers(app);
        return app;
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RuntimeTestApplication.class)
                .main(RuntimeTestApplication.class)
                .properties("spring.config.name=runtime-test");
    }

    @Bean
    ScriptedHandler scriptedHandler(DatabaseClient databaseClient,
                                    @Value("${runtime-test.handler-delay:0ms}") Duration delay) {
        return new ScriptedHandler(databaseClient, delay);
    }

    @Bean
    RecordingDeadLetterHook recordingDeadLetterHook() {
        return new RecordingDeadLetterHook();
    }

    @Bean
    PreparingHandler preparingHandler(DatabaseClient databaseClient) {
        return new PreparingHandler(databaseClient);
    }

    @Bean
    ReliableConsumer<EnrichmentRequest> enrichmentRequestConsumer(ReliableConsumers consumers,
                                                                  PreparingHandler handler) {
        return consumers.create(Destinations.ENRICHMENT_REQUESTS, EnrichmentRequest.class, handler,
                DeadLetterHook.none());
    }

    @Bean
    ReliableConsumer<ServiceCard> serviceCardConsumer(ReliableConsumers consumers, ScriptedHandler handler,
                                                      RecordingDeadLetterHook deadLetterHook) {
        return consumers.create(Destinations.SERVICE_CARDS, ServiceCard.class, handler, deadLetterHook);
    }
}
