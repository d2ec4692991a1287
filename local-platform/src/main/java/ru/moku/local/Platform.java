package ru.moku.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import ru.moku.cardprocessor.CardProcessorApplication;
import ru.moku.gateway.GatewayApplication;
import ru.moku.simulators.SimulatorsApplication;

/**
 * The platform's services and simulators started in this JVM, each as its own Spring application
 * context (own port, own config file, own beans), against the given PostgreSQL database, RabbitMQ
 * name prefix and Kafka broker. Each service can be stopped and started again, as a pod would be
 * restarted: nothing survives in memory, everything it needs is in the database and the brokers.
 *
 * <p>Used by the local run ({@link LocalPlatform}) and the end-to-end tests.
 */
public final class Platform implements AutoCloseable {

    /** Auto-configurations the simulators do not use (they have no database). */
    private static final List<String> SIMULATOR_EXCLUDES = List.of(
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcInitializationAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcProxyAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
            "org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration");

    /**
     * Where the platform runs.
     *
     * @param postgresHost       PostgreSQL host
     * @param postgresPort       PostgreSQL port
     * @param postgresUser       PostgreSQL user (trust or password-less)
     * @param database           database holding every service's schema
     * @param rabbitHost         RabbitMQ host (guest/guest)
     * @param namePrefix         prefix of every exchange, queue and topic
     * @param kafkaBootstrap     Kafka bootstrap servers
     * @param simulatorPort      SMEV simulator port (0 = any free port)
     * @param gatewayPort        gateway port (0 = any free port)
     * @param cardProcessorPort  card-processor port (0 = any free port)
     * @param overrides          further properties for every service and simulator (e.g. shorter backoffs in tests)
     */
    public record Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                           String rabbitHost, String namePrefix, String kafkaBootstrap, int simulatorPort,
                           int gatewayPort, int cardProcessorPort, Map<String, String> overrides) {

        public Settings {
            Objects.requireNonNull(database, "database");
            overrides = Map.copyOf(overrides);
        }
    }

    private final Settings settings;
    private ConfigurableApplicationContext simulators;
    private ConfigurableApplicationContext gateway;
    private ConfigurableApplicationContext cardProcessor;

    public Platform(Settings settings) {
        this.settings = settings;
    }

    /** Starts the simulators, card-processor and the gateway (which starts pulling from SMEV at once). */
    public Platform start() {
        startSimulators();
        startCardProcessor();
        startGateway();
        return this;
    }

    public void startSimulators() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(settings.simulatorPort()));
        properties.put("spring.autoconfigure.exclude", String.join(",", SIMULATOR_EXCLUDES));
        properties.putAll(settings.overrides());
        simulators = run(new SpringApplicationBuilder(SimulatorsApplication.class)
                .properties("spring.config.name=simulators"), properties);
    }

    public void startGateway() {
        Map<String, String> properties = serviceProperties("smev", settings.gatewayPort());
        properties.put("moku.gateway.pull.enabled", "true");
        properties.put("moku.gateway.pull.endpoint", simulatorUrl() + "/smev");
        properties.putAll(settings.overrides());
        gateway = run(GatewayApplication.builder(), properties);
    }

    public void startCardProcessor() {
        Map<String, String> properties = serviceProperties("qal", settings.cardProcessorPort());
        properties.putAll(settings.overrides());
        cardProcessor = run(CardProcessorApplication.builder(), properties);
    }

    /** Stops the gateway as Kubernetes stops a pod (graceful shutdown of the context). */
    public void stopGateway() {
        gateway = close(gateway);
    }

    public void stopCardProcessor() {
        cardProcessor = close(cardProcessor);
    }

    public String simulatorUrl() {
        return "http://127.0.0.1:" + port(simulators);
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + port(gateway);
    }

    public String cardProcessorUrl() {
        return "http://127.0.0.1:" + port(cardProcessor);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/" + settings.database();
    }

    @Override
    public void close() {
        gateway = close(gateway);
        cardProcessor = close(cardProcessor);
        simulators = close(simulators);
    }

    private Map<String, String> serviceProperties(String schema, int port) {
        String hostPort = settings.postgresHost() + ":" + settings.postgresPort() + "/" + settings.database();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPort + "?schema=" + schema);
        properties.put("spring.r2dbc.username", settings.postgresUser());
        properties.put("spring.flyway.url", "jdbc:postgresql://" + hostPort);
        properties.put("spring.flyway.user", settings.postgresUser());
        properties.put("moku.messaging.name-prefix", settings.namePrefix());
        properties.put("moku.messaging.rabbitmq.host", settings.rabbitHost());
        properties.put("moku.messaging.kafka.bootstrap-servers", settings.kafkaBootstrap());
        return properties;
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, String> properties) {
        // Command-line arguments outrank each service's own config file.
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return builder.initializers(Platform::ownNettyResources).run(args);
    }

    /**
     * Gives the context Reactor Netty event loops and connection pools of its own. By default every
     * context uses the JVM-wide ones and disposes them when it closes — fine for one service per
     * process, but here stopping one service would take the others' servers and clients down with it.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            return resources;
        });
    }

    private static ConfigurableApplicationContext close(ConfigurableApplicationContext context) {
        if (context != null) {
            context.close();
        }
        return null;
    }

    private static int port(ConfigurableApplicationContext context) {
        if (context == null) {
            throw new IllegalStateException("not running");
        }
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
