package ru.moku.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
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
import ru.moku.simulators.issuer.TokenIssuerApplication;
import ru.moku.simulators.lko.LkoProxyApplication;
import ru.moku.survey.SurveyServiceApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's services and simulators started in this JVM, each as its own Spring application
 * context (own port, own config file, own beans), against the given PostgreSQL database, RabbitMQ
 * name prefix and Kafka broker. Each service can be stopped and started again, as a pod would be
 * restarted: nothing survives in memory, everything it needs is in the database and the brokers.
 *
 * <p>Used by the local run ({@link LocalPlatform}) and the end-to-end tests.
 */
public final class Platform implements AutoCloseable, Demo.Target {

    private static final String LOOPBACK = "127.0.0.1";

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
     * the order {@link #start()} starts them: the token issuer (every service checks tokens against its keys), the
     * simulators, then the services from the end of the flow to its start (survey-service = ЛКО, org-registry =
     * ПОС.ОС, …), so each consumer is up before its producer. The ЛКО fault proxy stands between org-registry and
     * survey-service, so it comes after survey-service (its target) and before org-registry (which calls ЛКО through
     * it).
     */
    public enum Part {
        TOKEN_ISSUER(8093), SMEV_SIMULATOR(8090), DADATA_SIMULATOR(8091), SURVEY_SERVICE(8084), LKO_PROXY(8092), ORG_REGISTRY(8083),
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
     * @param smev               how much of real SMEV the SMEV simulator and the gateway speak ({@link SmevProfile})
     */
    public record Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                           String rabbitHost, String namePrefix, String kafkaBootstrap, Map<Part, Integer> ports,
                           Map<String, String> overrides, String dadataUrl, SmevProfile smev) {

        public Settings {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(smev, "smev");
            ports = ports.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(ports));
            overrides = Map.copyOf(overrides);
        }

        /** With SMEV as the simulator always spoke it ({@link SmevProfile#PLAIN}). */
        public Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                        String rabbitHost, String namePrefix, String kafkaBootstrap, Map<Part, Integer> ports,
                        Map<String, String> overrides, String dadataUrl) {
            this(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, kafkaBootstrap, ports,
                    overrides, dadataUrl, SmevProfile.PLAIN);
        }

        /** The same settings with another SMEV profile. */
        public Settings with(SmevProfile profile) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix,
                    kafkaBootstrap, ports, overrides, dadataUrl, profile);
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
    /** The run's GOST key stores when SMEV signs ({@link SmevProfile#signing()}), else {@code null}. */
    private final SmevKeys smevKeys;
    /** Who may push to the gateway when SMEV is real ({@link SmevProfile#real()}), else {@code null}: anyone. */
    private final PushCredentials pushCredentials;
    /** The FTP port of the SMEV simulator's file storage when SMEV is real (a free one, kept across restarts), else 0. */
    private final int fileStoragePort;
    /** While {@link #launchProperties} runs: the ports the parts are reached on; {@code null} otherwise. */
    private Map<Part, Integer> launchPorts;
    /** What {@link #launchProperties} captured of the part it asked for. */
    private Map<String, String> launched;
    /**
     * The token issuer's port, fixed before anything starts (a free one unless configured): it is part of the
     * {@code iss} every service is told to expect, so it must not change when the issuer restarts.
     */
    private final int issuerPort;
    /** The directory of the issuer's key file (created by the issuer on its first start, kept across its restarts). */
    private final Path issuerKeyDirectory;
    /** The client-credentials secret of each service that calls another (card-processor, org-registry), per run. */
    private final Map<Part, String> clientSecrets = new EnumMap<>(Part.class);

    public Platform(Settings settings) {
        this.settings = settings;
        SmevProfile smev = settings.smev();
        this.pushCredentials = smev.real() ? PushCredentials.generate() : null;
        this.fileStoragePort = smev.real() ? FreePort.find() : 0;
        this.smevKeys = smev.signing() ? SmevKeys.generate() : null;
        this.issuerPort = settings.port(Part.TOKEN_ISSUER) == 0 ? FreePort.find() : settings.port(Part.TOKEN_ISSUER);
        this.issuerKeyDirectory = temporaryDirectory("moku-token-issuer");
        SecureRandom random = new SecureRandom();
        for (Part client : SERVICE_CLIENTS) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            clientSecrets.put(client, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
    }

    /** The services that call another service with a client-credentials token (role {@code service}). */
    public static final List<Part> SERVICE_CLIENTS = List.of(Part.CARD_PROCESSOR, Part.ORG_REGISTRY);

    /**
     * The key id and secret of the run's SMEV adapter: a push to {@code POST /smev/inbound} must be signed with them
     * ({@link SmevPushClient}); empty when anyone may push ({@link SmevProfile#PLAIN}).
     */
    public Optional<PushCredentials> pushCredentials() {
        return Optional.ofNullable(pushCredentials);
    }

    /** The FTP port of the SMEV simulator's file storage (0 when SMEV is plain: none runs). */
    public int fileStoragePort() {
        return fileStoragePort;
    }

    /** The SMEV profile the platform runs with. */
    public SmevProfile smevProfile() {
        return settings.smev();
    }

    /** The run's key stores (while it runs; deleted by {@link #close()}); empty when nothing is signed. */
    public Optional<SmevKeys> smevKeys() {
        return Optional.ofNullable(smevKeys);
    }

    /**
     * Starts the token issuer and the simulators (the Dadata one unless another Dadata is given), then the services
     * from the end of the flow to its start (each consumer is there before its producer) with the ЛКО fault proxy between survey-service
     * and org-registry, the gateway last: it starts pulling from SMEV at once.
     */
    public Platform start() {
        startTokenIssuer();
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
            case TOKEN_ISSUER -> startTokenIssuer();
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

    /**
     * Starts the token issuer (the simulators' {@code TokenIssuerApplication}): it signs the operators' tokens
     * ({@link #operatorToken()}, {@link #viewerToken()}) and card-processor's and org-registry's client-credentials
     * tokens, and every service checks tokens against its JWKS.
     */
    public void startTokenIssuer() {
        startSimulator(Part.TOKEN_ISSUER, TokenIssuerApplication.builder(), tokenIssuerProperties());
    }

    /**
     * The issuer's settings (public: a multi-process run starts the issuer with the same ones): a key file of the run (created on its first start, so a restarted issuer signs with the
     * key the services already trust) and the services' clients with the run's secrets, role {@code service}.
     */
    public Map<String, String> tokenIssuerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("simulators.issuer.issuer", issuerUrl());
        properties.put("simulators.issuer.key-file", issuerKeyDirectory.resolve("issuer-key.pem").toString());
        clientSecrets.forEach((client, secret) -> {
            String prefix = "simulators.issuer.clients." + clientId(client);
            properties.put(prefix + ".secret", secret);
            properties.put(prefix + ".roles", "service");
        });
        return properties;
    }

    /** The issuer's URL, the {@code iss} of its tokens (known before it starts: its port is fixed per run). */
    public String issuerUrl() {
        return "http://127.0.0.1:" + port(Part.TOKEN_ISSUER);
    }

    /** A token with role {@code operator} (read and write the operator APIs) from the run's issuer, valid 12 hours. */
    public String operatorToken() {
        return adminToken("local-operator", "operator");
    }

    /** A token with role {@code viewer} (read-only operator APIs) from the run's issuer, valid 12 hours. */
    public String viewerToken() {
        return adminToken("local-viewer", "viewer");
    }

    private String adminToken(String subject, String role) {
        String answer = new AdminHttp(issuerUrl()).send("POST", "/admin/tokens",
                "{\"subject\":\"" + subject + "\",\"roles\":[\"" + role + "\"],\"ttl\":\"PT12H\"}");
        return JsonMapper.builder().build().readTree(answer).path("access_token").asText();
    }

    /** Starts the SMEV simulator, speaking as much of real SMEV as {@link Settings#smev()} says. */
    public void startSimulators() {
        startSimulator(Part.SMEV_SIMULATOR, new SpringApplicationBuilder(SimulatorsApplication.class)
                .properties("spring.config.name=simulators"), smevSimulatorProperties());
    }

    /** The SMEV simulator's real-SMEV settings (see the simulators' README), none for {@link SmevProfile#PLAIN}. */
    private Map<String, String> smevSimulatorProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (settings.smev().real()) {
            properties.put("simulators.smev.mtom.enabled", "true");
            properties.put("simulators.smev.mtom.split-start", "true");
            properties.put("simulators.smev.file-storage.enabled", "true");
            properties.put("simulators.smev.file-storage.host", LOOPBACK);
            properties.put("simulators.smev.file-storage.port", String.valueOf(fileStoragePort));
            properties.put("simulators.smev.async-status.enabled", "true");
        }
        if (smevKeys != null) {
            properties.put("simulators.smev.signing.enabled", "true");
            properties.put("simulators.smev.signing.smev-key-store", smevKeys.smevKeyStore().toString());
            properties.put("simulators.smev.signing.smev-key-store-password", SmevKeys.PASSWORD);
            properties.put("simulators.smev.signing.smev-key-alias", SmevKeys.SMEV_ALIAS);
            properties.put("simulators.smev.signing.sender-key-store", smevKeys.senderKeyStore().toString());
            properties.put("simulators.smev.signing.sender-key-store-password", SmevKeys.PASSWORD);
            properties.put("simulators.smev.signing.sender-key-alias", SmevKeys.SENDER_ALIAS);
            properties.put("simulators.smev.verification.verify-callers", "true");
            properties.put("simulators.smev.verification.trust-store", smevKeys.trustGateway().toString());
            properties.put("simulators.smev.verification.trust-store-password", SmevKeys.PASSWORD);
        }
        return properties;
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
        properties.putAll(gatewaySmevProperties());
        start(Part.GATEWAY, GatewayApplication.builder(), properties);
    }

    /**
     * The gateway's side of {@link Settings#smev()}: who may push (HMAC with the run's secret when SMEV is real; anyone,
     * unlimited, otherwise: nothing but this machine reaches a local gateway), where SMEV's file storage is, and with
     * signing its key, and the trust store of SMEV's and the sender's certificates for messages and attachments alike.
     */
    private Map<String, String> gatewaySmevProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (pushCredentials == null) {
            properties.put("moku.gateway.push.auth.mode", "NONE");
            properties.put("moku.gateway.push.auth.rate-limit.enabled", "false");
        } else {
            properties.put("moku.gateway.push.auth.mode", "HMAC");
            properties.put("moku.gateway.push.auth.hmac.keys." + pushCredentials.keyId(), pushCredentials.secret());
            properties.put("moku.gateway.attachments.ftp.host", LOOPBACK);
            properties.put("moku.gateway.attachments.ftp.port", String.valueOf(fileStoragePort));
        }
        if (smevKeys != null) {
            properties.put("moku.gateway.smev.signing.enabled", "true");
            properties.put("moku.gateway.smev.signing.key-store", smevKeys.gatewayKeyStore().toString());
            properties.put("moku.gateway.smev.signing.key-store-password", SmevKeys.PASSWORD);
            properties.put("moku.gateway.smev.signing.key-alias", SmevKeys.GATEWAY_ALIAS);
            properties.put("moku.gateway.smev.verification.enabled", "true");
            properties.put("moku.gateway.smev.verification.trust-store", smevKeys.trustSmev().toString());
            properties.put("moku.gateway.smev.verification.trust-store-password", SmevKeys.PASSWORD);
            properties.put("moku.gateway.attachments.verify-signatures", "true");
            properties.put("moku.gateway.attachments.trust-store", smevKeys.trustSmev().toString());
            properties.put("moku.gateway.attachments.trust-store-password", SmevKeys.PASSWORD);
        }
        return properties;
    }

    /**
     * Starts card-processor; its hand-off to ПОС.ОС goes by RabbitMQ unless {@code moku.card-processor.handoff.variant}
     * is overridden ({@code REST} calls org-registry at its address).
     */
    public void startCardProcessor() {
        Map<String, String> properties = serviceProperties(Part.CARD_PROCESSOR, "qal");
        properties.put("moku.card-processor.handoff.org-registry.base-url", address(Part.ORG_REGISTRY));
        // ЛКО's ОКТМО directory, asked when an operator sets an ОКТМО by hand (issue 13).
        properties.put("moku.card-processor.directory.base-url", address(Part.SURVEY_SERVICE));
        properties.put("moku.card-processor.survey.token-private-key", surveyTokenKeys.privateKeyPem());
        properties.putAll(clientCredentialsProperties(Part.CARD_PROCESSOR));
        start(Part.CARD_PROCESSOR, CardProcessorApplication.builder(), properties);
    }

    /** Starts org-registry (ПОС.ОС), which hands organisations off to survey-service (ЛКО) through the ЛКО fault proxy. */
    public void startOrgRegistry() {
        Map<String, String> properties = serviceProperties(Part.ORG_REGISTRY, "pos_os");
        properties.put("moku.org-registry.lko.base-url", address(Part.LKO_PROXY));
        properties.putAll(clientCredentialsProperties(Part.ORG_REGISTRY));
        start(Part.ORG_REGISTRY, OrgRegistryApplication.builder(), properties);
    }

    /**
     * How {@code client} (card-processor → org-registry, org-registry → ЛКО) gets its client-credentials token: the
     * issuer's token endpoint, its client id (the service's name) and the run's secret.
     */
    public Map<String, String> clientCredentialsProperties(Part client) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("moku.security.client.token-uri", issuerUrl() + "/oauth2/token");
        properties.put("moku.security.client.client-id", clientId(client));
        properties.put("moku.security.client.client-secret", clientSecrets.get(client));
        return properties;
    }

    /** A service's client id at the issuer: its name, e.g. {@code card-processor}. */
    public static String clientId(Part client) {
        return client.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Starts survey-service (ЛКО); org-registry reaches it through the ЛКО fault proxy, the gateway directly. */
    public void startSurveyService() {
        Map<String, String> properties = serviceProperties(Part.SURVEY_SERVICE, "lko");
        properties.put("moku.survey.token.public-key", surveyTokenKeys.publicKeyPem());
        // The bundled sample ОКТМО classifier (every code the Dadata simulator hands out) when no version is current.
        properties.put("moku.survey.directory.load-sample-at-start", "true");
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

    /**
     * The properties {@code part} would start with in this JVM, with the other parts reached on {@code ports} — without
     * starting it: for running it as its own OS process ({@code ru.moku.local.cluster.ProcessCluster}, one call per
     * replica). The run's keys (survey links, SMEV push, GOST key stores) are this platform's, the same for every call.
     */
    public synchronized Map<String, String> launchProperties(Part part, Map<Part, Integer> ports) {
        launchPorts = Map.copyOf(ports);
        try {
            start(part);
            return launched;
        } finally {
            launchPorts = null;
            launched = null;
        }
    }

    /** {@code http://127.0.0.1:<port>} of a running part. */
    public String url(Part part) {
        if (launchPorts != null) {
            return address(part);
        }
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

    /**
     * Stops every part, the gateway first (the reverse of {@link #start()}), then deletes the run's key stores and the
     * issuer's key.
     */
    @Override
    public void close() {
        List<Part> order = new ArrayList<>(running.keySet());
        Collections.reverse(order);
        try {
            order.forEach(this::stop);
        } finally {
            if (smevKeys != null) {
                smevKeys.close();
            }
            deleteRecursively(issuerKeyDirectory);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (Files.notExists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
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
        if (launchPorts != null) {
            launched = properties;
            return;
        }
        ConfigurableApplicationContext context = run(builder, properties);
        running.put(part, context);
        boundPorts.putIfAbsent(part, ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /**
     * The port {@code part} starts on: the one it had before a restart, else the configured one (0 = any free; the
     * token issuer's is fixed from the start).
     */
    private int port(Part part) {
        if (launchPorts != null) {
            return launchPorts.getOrDefault(part, 0);
        }
        return boundPorts.getOrDefault(part, part == Part.TOKEN_ISSUER ? issuerPort : settings.port(part));
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
        properties.putAll(securityProperties());
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPort + "?schema=" + schema);
        properties.put("spring.r2dbc.username", settings.postgresUser());
        properties.put("spring.flyway.url", "jdbc:postgresql://" + hostPort);
        properties.put("spring.flyway.user", settings.postgresUser());
        properties.put("moku.messaging.name-prefix", settings.namePrefix());
        properties.put("moku.messaging.rabbitmq.host", settings.rabbitHost());
        properties.put("moku.messaging.kafka.bootstrap-servers", settings.kafkaBootstrap());
        return properties;
    }

    /**
     * How every service checks the bearer tokens of its operator APIs and service-to-service calls: issued by the run's
     * token issuer, signed by a key of its JWKS.
     */
    public Map<String, String> securityProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("moku.security.jwt.issuer", issuerUrl());
        properties.put("moku.security.jwt.jwk-set-uri", issuerUrl() + "/oauth2/jwks");
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
