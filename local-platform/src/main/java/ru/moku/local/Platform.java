package ru.moku.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
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
import ru.moku.enrichment.EnrichmentApplication;
import ru.moku.gateway.GatewayApplication;
import ru.moku.orgregistry.OrgRegistryApplication;
import ru.moku.simulators.SimulatorsApplication;
import ru.moku.simulators.dadata.DadataSimulatorApplication;
import ru.moku.simulators.lko.LkoProxyApplication;
import ru.moku.survey.SurveyServiceApplication;

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
    public static final List<String> SIMULATOR_EXCLUDES = List.of(
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
     * The parts of the platform, each its own Spring application, with the port it has in a local run; declared in
     * the order {@link #start()} starts them: the simulators, then the services from the end of the flow to its
     * start (survey-service = ЛКО, org-registry = ПОС.ОС, …), so each consumer is up before its producer. The ЛКО
     * fault proxy stands between org-registry and survey-service, so it comes after survey-service (its target)
     * and before org-registry (which calls ЛКО through it).
     */
    public enum Part {
        SMEV_SIMULATOR(8090), DADATA_SIMULATOR(8091), SURVEY_SERVICE(8084), LKO_PROXY(8092), ORG_REGISTRY(8083),
        ENRICHMENT(8082), CARD_PROCESSOR(8081), GATEWAY(8080);

        private final int localPort;

        Part(int localPort) {
            this.localPort = localPort;
        }

        /** Its port in a local run (the service's own default). */
        public int localPort() {
            return localPort;
        }

        /** Every part on its local-run port. */
        public static Map<Part, Integer> localPorts() {
            Map<Part, Integer> ports = new EnumMap<>(Part.class);
            for (Part part : values()) {
                ports.put(part, part.localPort);
            }
            return ports;
        }
    }

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
     * @param ports              port of each part; a part left out (or 0) takes any free port
     * @param overrides          further properties for every service and simulator (e.g. shorter backoffs in tests)
     * @param dadataUrl          a Dadata to call instead of the Dadata simulator (which then is not started), e.g.
     *                           {@code https://suggestions.dadata.ru/suggestions/api/4_1/rs}; {@code null} = the simulator
     */
    public record Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                           String rabbitHost, String namePrefix, String kafkaBootstrap, Map<Part, Integer> ports,
                           Map<String, String> overrides, String dadataUrl) {

        public Settings {
            Objects.requireNonNull(database, "database");
            ports = ports.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(ports));
            overrides = Map.copyOf(overrides);
        }

        /** With the Dadata simulator. */
        public Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                        String rabbitHost, String namePrefix, String kafkaBootstrap, Map<Part, Integer> ports,
                        Map<String, String> overrides) {
            this(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, kafkaBootstrap, ports,
                    overrides, null);
        }

        /** Every part on a free port, with the Dadata simulator. */
        public Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                        String rabbitHost, String namePrefix, String kafkaBootstrap, Map<String, String> overrides) {
            this(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, kafkaBootstrap, Map.of(),
                    overrides);
        }

        /** Whether the Dadata simulator runs (no other Dadata is given). */
        public boolean dadataSimulated() {
            return dadataUrl == null;
        }

        int port(Part part) {
            return ports.getOrDefault(part, 0);
        }
    }

    private final Settings settings;
    private final Map<Part, ConfigurableApplicationContext> running = new EnumMap<>(Part.class);
    /**
     * The port each part got when it first started: a restarted part comes back on it, so the parts that call it
     * (card-processor → org-registry → ЛКО fault proxy → survey-service) still find it when it was given a free port.
     */
    private final Map<Part, Integer> boundPorts = new EnumMap<>(Part.class);
    /** Survey links are signed by card-processor and checked by survey-service and the gateway with these. */
    private final SurveyTokenKeys surveyTokenKeys = SurveyTokenKeys.generate();

    public Platform(Settings settings) {
        this.settings = settings;
    }

    /**
     * Starts the simulators (the Dadata one unless another Dadata is given), then the services from the end of the
     * flow to its start (each consumer is there before its producer) with the ЛКО fault proxy between survey-service
     * and org-registry, the gateway last: it starts pulling from SMEV at once.
     */
    public Platform start() {
        startSimulators();
        if (settings.dadataSimulated()) {
            startDadataSimulator();
        }
        startSurveyService();
        startLkoProxy();
        startOrgRegistry();
        startEnrichment();
        startCardProcessor();
        startGateway();
        return this;
    }

    /** Starts {@code part} (not running yet, or stopped). */
    public void start(Part part) {
        switch (part) {
            case SMEV_SIMULATOR -> startSimulators();
            case DADATA_SIMULATOR -> startDadataSimulator();
            case SURVEY_SERVICE -> startSurveyService();
            case LKO_PROXY -> startLkoProxy();
            case ORG_REGISTRY -> startOrgRegistry();
            case ENRICHMENT -> startEnrichment();
            case CARD_PROCESSOR -> startCardProcessor();
            case GATEWAY -> startGateway();
        }
    }

    /**
     * Starts again, in {@link #start()}'s order, every part that was stopped (and not started again): what a shared
     * platform needs after a test stopped a service and failed before starting it.
     *
     * @return the parts started
     */
    public List<Part> startStopped() {
        List<Part> started = new ArrayList<>();
        for (Part part : Part.values()) {
            if (boundPorts.containsKey(part) && !running.containsKey(part)) {
                start(part);
                started.add(part);
            }
        }
        return started;
    }

    /** Starts the SMEV simulator. */
    public void startSimulators() {
        startSimulator(Part.SMEV_SIMULATOR, new SpringApplicationBuilder(SimulatorsApplication.class)
                .properties("spring.config.name=simulators"), Map.of());
    }

    public void startDadataSimulator() {
        startSimulator(Part.DADATA_SIMULATOR, DadataSimulatorApplication.builder(), Map.of());
    }

    /**
     * Starts the ЛКО fault proxy (the simulators' {@code LkoProxyApplication}) in front of survey-service's ЛКО API.
     * org-registry always calls ЛКО through it, so the end-to-end tests and the local run alike can make ЛКО refuse
     * chosen organisations with 422 ({@code PUT /admin/lko/rejections}, {@link LkoProxyClient}); without rules it
     * forwards everything as it came.
     */
    public void startLkoProxy() {
        startSimulator(Part.LKO_PROXY, LkoProxyApplication.builder(),
                Map.of("simulators.lko.target-url", address(Part.SURVEY_SERVICE)));
    }

    public void startGateway() {
        Map<String, String> properties = serviceProperties(Part.GATEWAY, "smev");
        properties.put("moku.gateway.pull.enabled", "true");
        properties.put("moku.gateway.pull.endpoint", url(Part.SMEV_SIMULATOR) + "/smev");
        properties.put("moku.gateway.survey-link.endpoint", url(Part.SMEV_SIMULATOR) + "/smev");
        properties.put("moku.gateway.surveys.token-public-key", surveyTokenKeys.publicKeyPem());
        properties.put("moku.gateway.surveys.survey-service-url", address(Part.SURVEY_SERVICE));
        // Nothing but this machine reaches the local gateway: pushes (the push benchmark, curl) need no credential
        // and are not rate-limited; a deployment sets MTLS or HMAC (gateway README, "Intake authentication").
        properties.putIfAbsent("moku.gateway.push.auth.mode", "NONE");
        properties.putIfAbsent("moku.gateway.push.auth.rate-limit.enabled", "false");
        start(Part.GATEWAY, GatewayApplication.builder(), properties);
    }

    /**
     * Starts card-processor; its hand-off to ПОС.ОС goes by RabbitMQ unless {@code moku.card-processor.handoff.variant}
     * is overridden ({@code REST} calls org-registry at its address).
     */
    public void startCardProcessor() {
        Map<String, String> properties = serviceProperties(Part.CARD_PROCESSOR, "qal");
        properties.put("moku.card-processor.handoff.org-registry.base-url", address(Part.ORG_REGISTRY));
        properties.put("moku.card-processor.survey.token-private-key", surveyTokenKeys.privateKeyPem());
        start(Part.CARD_PROCESSOR, CardProcessorApplication.builder(), properties);
    }

    /** Starts org-registry (ПОС.ОС), which hands organisations off to survey-service (ЛКО) through the ЛКО fault proxy. */
    public void startOrgRegistry() {
        Map<String, String> properties = serviceProperties(Part.ORG_REGISTRY, "pos_os");
        properties.put("moku.org-registry.lko.base-url", address(Part.LKO_PROXY));
        start(Part.ORG_REGISTRY, OrgRegistryApplication.builder(), properties);
    }

    /** Starts survey-service (ЛКО); org-registry reaches it through the ЛКО fault proxy, the gateway directly. */
    public void startSurveyService() {
        Map<String, String> properties = serviceProperties(Part.SURVEY_SERVICE, "lko");
        properties.put("moku.survey.token.public-key", surveyTokenKeys.publicKeyPem());
        start(Part.SURVEY_SERVICE, SurveyServiceApplication.builder(), properties);
    }

    public void startEnrichment() {
        Map<String, String> properties = serviceProperties(Part.ENRICHMENT, "enrichment");
        properties.put("moku.enrichment.dadata.base-url", dadataUrl());
        start(Part.ENRICHMENT, EnrichmentApplication.builder(), properties);
    }

    /** Stops the gateway as Kubernetes stops a pod (graceful shutdown of the context). */
    public void stopGateway() {
        stop(Part.GATEWAY);
    }

    public void stopCardProcessor() {
        stop(Part.CARD_PROCESSOR);
    }

    public void stopEnrichment() {
        stop(Part.ENRICHMENT);
    }

    public void stopOrgRegistry() {
        stop(Part.ORG_REGISTRY);
    }

    public void stopSurveyService() {
        stop(Part.SURVEY_SERVICE);
    }

    public void stopLkoProxy() {
        stop(Part.LKO_PROXY);
    }

    /** {@code http://127.0.0.1:<port>} of a running part. */
    public String url(Part part) {
        ConfigurableApplicationContext context = running.get(part);
        if (context == null) {
            throw new IllegalStateException(part + " is not running");
        }
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Where enrichment calls Dadata: the given Dadata, or the Dadata simulator. */
    public String dadataUrl() {
        return settings.dadataSimulated() ? url(Part.DADATA_SIMULATOR) : settings.dadataUrl();
    }

    /** Whether {@code part} is running now. */
    public boolean running(Part part) {
        return running.containsKey(part);
    }

    public String simulatorUrl() {
        return url(Part.SMEV_SIMULATOR);
    }

    /** The ЛКО fault proxy: its admin API ({@link LkoProxyClient}) and, in front of survey-service, ЛКО's API. */
    public String lkoProxyUrl() {
        return url(Part.LKO_PROXY);
    }

    public String gatewayUrl() {
        return url(Part.GATEWAY);
    }

    public String cardProcessorUrl() {
        return url(Part.CARD_PROCESSOR);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + settings.postgresHost() + ":" + settings.postgresPort() + "/" + settings.database();
    }

    /** Stops every part, the gateway first (the reverse of {@link #start()}). */
    @Override
    public void close() {
        List<Part> order = new ArrayList<>(running.keySet());
        Collections.reverse(order);
        order.forEach(this::stop);
    }

    private void startSimulator(Part part, SpringApplicationBuilder builder, Map<String, String> own) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port(part)));
        properties.put("spring.autoconfigure.exclude", String.join(",", SIMULATOR_EXCLUDES));
        properties.putAll(own);
        start(part, builder, properties);
    }

    private void start(Part part, SpringApplicationBuilder builder, Map<String, String> properties) {
        if (running.containsKey(part)) {
            throw new IllegalStateException(part + " is running already");
        }
        properties.putAll(settings.overrides());
        ConfigurableApplicationContext context = run(builder, properties);
        running.put(part, context);
        boundPorts.putIfAbsent(part, ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** The port {@code part} starts on: the one it had before a restart, else the configured one (0 = any free). */
    private int port(Part part) {
        return boundPorts.getOrDefault(part, settings.port(part));
    }

    /**
     * Where the other parts reach {@code part}: the port it has, or, while it is stopped, the one it comes back on
     * (their clients retry until it is there).
     */
    private String address(Part part) {
        return "http://127.0.0.1:" + port(part);
    }

    private void stop(Part part) {
        ConfigurableApplicationContext context = running.remove(part);
        if (context != null) {
            context.close();
        }
    }

    private Map<String, String> serviceProperties(Part part, String schema) {
        String hostPort = settings.postgresHost() + ":" + settings.postgresPort() + "/" + settings.database();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port(part)));
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
     * They are disposed without Netty's quiet period (2 s by default, waiting for tasks that no longer come: the
     * context's server has shut down gracefully before), which would add 2 s to each part's stop — 16 s to a
     * platform's.
     */
    private static void ownNettyResources(ConfigurableApplicationContext context) {
        ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
            ReactorResourceFactory resources = new ReactorResourceFactory();
            resources.setUseGlobalResources(false);
            resources.setShutdownQuietPeriod(Duration.ZERO);
            return resources;
        });
    }
}
