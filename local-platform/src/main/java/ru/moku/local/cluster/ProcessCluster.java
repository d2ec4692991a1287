package ru.moku.local.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.moku.local.Demo;
import ru.moku.local.Platform;
import ru.moku.local.Platform.Part;
import ru.moku.local.SmevKeys;
import ru.moku.local.SmevProfile;

/**
 * The platform as OS processes ({@link Cluster}): every service from its runnable jar
 * ({@code <module>/target/<module>-0.1.0-SNAPSHOT-exec.jar}), {@code replicas} copies each on distinct ports, the
 * simulators one process each, and a Kafka broker of its own ({@link ProcessKafkaBroker}) with a data directory that
 * survives its kill. Each process gets the properties the one-JVM {@link Platform} would start the part with
 * ({@link Platform#launchProperties}) — the same run keys for every replica — in a properties file of its own
 * ({@code <run>/config/<part>-<index>.properties}, readable by the owner only: it carries the run's secrets), plus its
 * ports: {@code server.port} and {@code management.server.port}. Caller replica <i>i</i> calls callee replica
 * ((i−1) mod n)+1 for REST; RabbitMQ and Kafka spread the rest.
 *
 * <p>Start-up goes part by part in {@link Part}'s order (each consumer up before its producer), the replicas of a part
 * at once; a part counts as up when every replica's readiness probe ({@code /actuator/health/readiness} on the
 * management port, {@code /actuator/health} for a part without probes) answers 200. {@link #close()} (also run by a
 * shutdown hook on Ctrl+C) stops everything: SIGTERM, then SIGKILL after the grace period.
 *
 * <p>Blocking by design: a driver's main thread (the local run, the chaos suite, tests) calls it.
 */
public final class ProcessCluster implements Cluster, Demo.Target {

    private static final Logger log = LoggerFactory.getLogger(ProcessCluster.class);
    private static final String VERSION = "0.1.0-SNAPSHOT";
    /** SIGTERM's exit status of a JVM (128 + 15): how a service that shut down gracefully on SIGTERM exits. */
    public static final int SIGTERM_EXIT = 143;

    /**
     * How each part is launched: its module's runnable jar and, for the simulators module's further applications, the
     * main class (its ZIP layout starts it with {@code -Dloader.main}). A new part of {@link Part} is one entry here.
     */
    private record Launch(String module, String mainClass, boolean replicated) {
    }

    private static final Map<String, Launch> LAUNCHES = Map.of(
            "SMEV_SIMULATOR", new Launch("simulators", null, false),
            "DADATA_SIMULATOR", new Launch("simulators", "ru.moku.simulators.dadata.DadataSimulatorApplication", false),
            "LKO_PROXY", new Launch("simulators", "ru.moku.simulators.lko.LkoProxyApplication", false),
            "TOKEN_ISSUER", new Launch("simulators", "ru.moku.simulators.issuer.TokenIssuerApplication", false),
            "SURVEY_SERVICE", new Launch("survey-service", null, true),
            "ORG_REGISTRY", new Launch("org-registry", null, true),
            "ENRICHMENT", new Launch("enrichment", null, true),
            "CARD_PROCESSOR", new Launch("card-processor", null, true),
            "GATEWAY", new Launch("gateway", null, true));

    /**
     * Where and how the cluster runs.
     *
     * @param postgresHost      PostgreSQL host (user {@code postgresUser}, trust)
     * @param postgresPort      PostgreSQL port
     * @param postgresUser      PostgreSQL user
     * @param database          the platform's database (the caller creates it clean)
     * @param rabbitHost        RabbitMQ host (guest/guest)
     * @param namePrefix        prefix of the run's RabbitMQ and Kafka names
     * @param overrides         further properties for every process
     * @param smev              how much of real SMEV the SMEV simulator and the gateway speak
     * @param freePorts         every process on free ports (tests, several runs on a machine); else the local ports:
     *                          service replica <i>i</i> on its {@link Part#localPort()} + 100·(i−1), a simulator on its
     *                          own, each management port + 1000, Kafka on {@code kafkaPort}
     * @param kafkaPort         the broker's port when not {@code freePorts} (its controller's: + 1)
     * @param runDirectory      logs, configuration and Kafka's data; {@code null} = a new temporary directory
     * @param projectDirectory  the repository (the modules' {@code target/} with the jars); {@code null} = found from
     *                          the working directory upwards
     * @param jvmOptions        options of every service's and simulator's JVM
     * @param startTimeout      how long a process may take until its readiness probe says UP
     * @param gracePeriod       how long SIGTERM may take before SIGKILL
     * @param partJvmOptions    further options of one part's JVM, after {@code jvmOptions} (so e.g. its own
     *                          {@code -Xmx} wins): a benchmark gives the services a small heap and the SMEV simulator,
     *                          which holds a queued backlog in memory, a larger one; empty = none
     */
    public record Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                           String rabbitHost, String namePrefix, Map<String, String> overrides, SmevProfile smev,
                           boolean freePorts, int kafkaPort, Path runDirectory, Path projectDirectory,
                           List<String> jvmOptions, Duration startTimeout, Duration gracePeriod,
                           Map<Part, List<String>> partJvmOptions) {

        /** The JVM of each service and simulator: a small heap, one that exits on OutOfMemoryError as a pod would die. */
        public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx384m", "-Xss512k", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");

        /**
         * Partner timeouts for a machine where every process starts cold at once (14 JVMs on 2 cores, load 15–30): the
         * first calls of org-registry to ЛКО took longer than its production 5 s per attempt, its circuit opened and the
         * hand-offs of a whole demo batch ended as {@code LKO_UNAVAILABLE} incidents waiting for an operator. The local
         * run and the tests add these to their overrides; a fault-injection run judging production settings does not.
         */
        public static final Map<String, String> COLD_START_TIMEOUTS = Map.of("moku.org-registry.lko.timeout", "20s");

        public Settings {
            overrides = Map.copyOf(overrides);
            jvmOptions = List.copyOf(jvmOptions);
            partJvmOptions = partJvmOptions == null ? Map.of() : Map.copyOf(partJvmOptions);
        }

        /** Without options for single parts. */
        public Settings(String postgresHost, int postgresPort, String postgresUser, String database,
                        String rabbitHost, String namePrefix, Map<String, String> overrides, SmevProfile smev,
                        boolean freePorts, int kafkaPort, Path runDirectory, Path projectDirectory,
                        List<String> jvmOptions, Duration startTimeout, Duration gracePeriod) {
            this(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides, smev,
                    freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    Map.of());
        }

        /** With other options for every service's and simulator's JVM (instead of {@link #DEFAULT_JVM_OPTIONS}). */
        public Settings withJvmOptions(List<String> options) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, options, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        /** With further options for {@code part}'s JVM, after the common ones (replacing what it had of its own). */
        public Settings withPartJvmOptions(Part part, List<String> options) {
            Map<Part, List<String>> parts = new EnumMap<>(Part.class);
            parts.putAll(partJvmOptions);
            parts.put(part, List.copyOf(options));
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    parts);
        }

        /** With another start-up timeout per part. */
        public Settings withStartTimeout(Duration timeout) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, timeout, gracePeriod,
                    partJvmOptions);
        }

        /**
         * The local run's settings: PostgreSQL and RabbitMQ on 127.0.0.1, real SMEV with signatures, the local ports,
         * Kafka on 19092, start-up up to 5 minutes per part (a loaded 2-core machine starts 14 JVMs), 30 s grace.
         */
        public static Settings local(String database, String namePrefix) {
            return new Settings("127.0.0.1", 5432, "postgres", database, "127.0.0.1", namePrefix, Map.of(),
                    SmevProfile.REAL, false, 19092, null, null, DEFAULT_JVM_OPTIONS, Duration.ofMinutes(5),
                    Duration.ofSeconds(30));
        }

        public Settings withFreePorts() {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, true, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        public Settings with(SmevProfile profile) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    profile, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout,
                    gracePeriod, partJvmOptions);
        }

        public Settings withOverrides(Map<String, String> properties) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, properties,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        public Settings withRunDirectory(Path directory) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, directory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        /** With PostgreSQL at {@code host}:{@code port} (a test server other than 5432: TestDatabase's). */
        public Settings withPostgres(String host, int port) {
            return new Settings(host, port, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        /** With RabbitMQ at {@code host}:5672 (guest/guest): the fault suite's private node listens on 127.0.0.2. */
        public Settings withRabbit(String host) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, host, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        public Settings withKafkaPort(int port) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, port, runDirectory, projectDirectory, jvmOptions, startTimeout, gracePeriod,
                    partJvmOptions);
        }

        public Settings withGracePeriod(Duration grace) {
            return new Settings(postgresHost, postgresPort, postgresUser, database, rabbitHost, namePrefix, overrides,
                    smev, freePorts, kafkaPort, runDirectory, projectDirectory, jvmOptions, startTimeout, grace,
                    partJvmOptions);
        }
    }

    private final Settings settings;
    private final Path projectDirectory;
    private final Path runDirectory;
    private final Path logDirectory;
    private final Path configDirectory;
    private final Platform platform;
    private final ProcessKafkaBroker kafka;
    private final Map<Part, List<Replica>> replicas = new EnumMap<>(Part.class);
    private final Map<Replica, Integer> managementPorts = new LinkedHashMap<>();
    private final Map<Replica, Process> processes = new ConcurrentHashMap<>();
    private final Map<Replica, Integer> exits = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::stopAll, "process-cluster-shutdown");
    private volatile boolean closed;

    private ProcessCluster(Settings settings, int replicasPerService, Set<Part> parts) throws IOException {
        this.settings = settings;
        this.projectDirectory = settings.projectDirectory() != null ? settings.projectDirectory()
                : findProjectDirectory();
        this.runDirectory = settings.runDirectory() != null ? Files.createDirectories(settings.runDirectory())
                : Files.createTempDirectory("moku-processes-");
        this.logDirectory = Files.createDirectories(runDirectory.resolve("logs"));
        this.configDirectory = Files.createDirectories(runDirectory.resolve("config"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (Part part : Part.values()) {
            if (!parts.contains(part)) {
                continue;
            }
            Launch launch = launch(part);
            int count = launch.replicated() ? replicasPerService : 1;
            List<Replica> list = new ArrayList<>();
            for (int index = 1; index <= count; index++) {
                int port = settings.freePorts() ? freePort() : part.localPort() + 100 * (index - 1);
                Replica replica = new Replica(part, index, port);
                list.add(replica);
                managementPorts.put(replica, settings.freePorts() ? freePort() : port + 1000);
            }
            replicas.put(part, List.copyOf(list));
        }
        int kafkaPort = settings.freePorts() ? freePort() : settings.kafkaPort();
        int controllerPort = settings.freePorts() ? freePort() : kafkaPort + 1;
        this.kafka = new ProcessKafkaBroker(jar("kafka-local"), kafkaPort, controllerPort, runDirectory.resolve("kafka"),
                logDirectory.resolve("kafka.log"), settings.startTimeout(), settings.gracePeriod());
        Map<Part, Integer> firstPorts = new EnumMap<>(Part.class);
        replicas.forEach((part, list) -> firstPorts.put(part, list.get(0).port()));
        this.platform = new Platform(new Platform.Settings(settings.postgresHost(), settings.postgresPort(),
                settings.postgresUser(), settings.database(), settings.rabbitHost(), settings.namePrefix(),
                kafka.bootstrap(), firstPorts, settings.overrides(), null, settings.smev()));
    }

    /**
     * Starts the cluster: the Kafka broker, then every part in {@link Part}'s order, {@code replicasPerService} copies
     * of each service; returns when every process's readiness probe says UP.
     *
     * @throws IllegalStateException when a runnable jar is missing or a process does not come up in time (what was
     *                               started is stopped again)
     */
    public static ProcessCluster start(Settings settings, int replicasPerService) {
        return start(settings, replicasPerService, cluster -> {
        });
    }

    /**
     * {@link #start(Settings, int)}, calling {@code simulatorsReady} once the Kafka broker and every simulator are up
     * and before the first service starts: e.g. a benchmark queues a backlog in the SMEV simulator that the gateway
     * then finds waiting when it starts pulling.
     */
    public static ProcessCluster start(Settings settings, int replicasPerService,
                                       java.util.function.Consumer<ProcessCluster> simulatorsReady) {
        return start(settings, replicasPerService, EnumSet.allOf(Part.class), simulatorsReady);
    }

    /**
     * {@link #start(Settings, int, java.util.function.Consumer)} with only {@code parts} (and the Kafka broker): e.g. a
     * benchmark of the intake runs the SMEV simulator, the token issuer, card-processor and the gateway, so no work of
     * the later services shares the cores it measures. The others' addresses in the configuration lead nowhere.
     */
    public static ProcessCluster start(Settings settings, int replicasPerService, Set<Part> parts,
                                       java.util.function.Consumer<ProcessCluster> simulatorsReady) {
        if (replicasPerService < 1) {
            throw new IllegalArgumentException("replicasPerService must be at least 1");
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no part to start");
        }
        ProcessCluster cluster;
        try {
            cluster = new ProcessCluster(settings, replicasPerService, EnumSet.copyOf(parts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory", e);
        }
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.startAll(simulatorsReady);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(java.util.function.Consumer<ProcessCluster> simulatorsReady) {
        checkJars();
        // The broker and the simulators (nobody's consumers) start together; the services one part after the other.
        kafka.launch();
        List<Replica> simulators = replicas().stream().filter(replica -> !launch(replica.part()).replicated())
                .toList();
        simulators.forEach(this::launch);
        kafka.awaitRegistered();
        simulators.forEach(this::awaitReadyRestarting);
        simulatorsReady.accept(this);
        for (Part part : replicas.keySet()) {
            List<Replica> list = replicas.get(part);
            if (launch(part).replicated()) {
                list.forEach(this::launch);
            }
            list.forEach(this::awaitReadyRestarting);
        }
        log.info("Cluster up: {} processes, logs in {}", processes.size() + 1, logDirectory);
    }

    /** Fails at once, naming the build command, when a runnable jar is missing. */
    private void checkJars() {
        List<String> missing = new ArrayList<>();
        for (Part part : replicas.keySet()) {
            Path jar = jar(launch(part).module());
            if (!Files.isRegularFile(jar)) {
                missing.add(jar.toString());
            }
        }
        if (!Files.isRegularFile(jar("kafka-local"))) {
            missing.add(jar("kafka-local").toString());
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("runnable jars missing (build them: ./mvnw -DskipTests -pl local-platform"
                    + " -am package): " + String.join(", ", missing.stream().distinct().toList()));
        }
    }

    @Override
    public List<Replica> replicas(Part part) {
        return replicas.getOrDefault(part, List.of());
    }

    /** Every replica of every part, in start order. */
    public List<Replica> replicas() {
        return replicas.values().stream().flatMap(Collection::stream).toList();
    }

    /** The OS process id of the Kafka broker; empty before it ever ran. */
    public java.util.OptionalLong kafkaPid() {
        return kafka.pid();
    }

    /** The OS process id of the replica's current process; empty before it ever ran. */
    public java.util.OptionalLong pid(Replica replica) {
        Process process = processes.get(replica);
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    @Override
    public boolean alive(Replica replica) {
        Process process = processes.get(replica);
        return process != null && process.isAlive();
    }

    @Override
    public void kill(Replica replica) {
        Process process = processes.get(replica);
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        exits.put(replica, waitFor(process));
        log.info("{} killed (SIGKILL), exit {}", replica.name(), exits.get(replica));
    }

    @Override
    public void terminate(Replica replica) {
        Process process = processes.get(replica);
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(settings.gracePeriod().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} of SIGTERM: SIGKILL", replica.name(), settings.gracePeriod());
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        exits.put(replica, waitFor(process));
        log.info("{} terminated (SIGTERM), exit {}", replica.name(), exits.get(replica));
    }

    /**
     * The exit status of the replica's last process once it is gone: {@value #SIGTERM_EXIT} after a graceful stop on
     * SIGTERM, 137 after SIGKILL; empty while it runs or before it ever ran.
     */
    public OptionalInt exitStatus(Replica replica) {
        Process process = processes.get(replica);
        if (process == null || process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.exitValue());
    }

    @Override
    public void start(Replica replica) {
        if (alive(replica)) {
            throw new IllegalStateException(replica.name() + " is running already");
        }
        launch(replica);
        awaitReadyRestarting(replica);
    }

    /**
     * {@link #awaitReady} with up to {@value #START_ATTEMPTS} attempts: a process that exits during start-up (e.g.
     * PostgreSQL refusing a connection for a moment: "too many clients") is launched again after a pause, as
     * Kubernetes restarts a crashed container.
     */
    private void awaitReadyRestarting(Replica replica) {
        for (int attempt = 1; ; attempt++) {
            try {
                awaitReady(replica);
                return;
            } catch (ExitedDuringStart e) {
                if (attempt >= START_ATTEMPTS) {
                    throw e;
                }
                log.warn("{} exited during start-up (attempt {} of {}), starting it again: {}", replica.name(),
                        attempt, START_ATTEMPTS, e.getMessage().lines().findFirst().orElse(""));
                pause(Duration.ofSeconds(5L * attempt));
                launch(replica);
            }
        }
    }

    /** How often a replica that exits during start-up is launched before the start fails. */
    private static final int START_ATTEMPTS = 3;

    /** A replica's process exited before its readiness probe said UP. */
    private static final class ExitedDuringStart extends IllegalStateException {

        ExitedDuringStart(String message) {
            super(message);
        }
    }

    @Override
    public String url(Replica replica) {
        return "http://127.0.0.1:" + replica.port();
    }

    @Override
    public String managementUrl(Replica replica) {
        return "http://127.0.0.1:" + managementPorts.get(replica) + "/actuator";
    }

    @Override
    public KafkaBroker kafka() {
        return kafka;
    }

    @Override
    public String jdbcUrl() {
        return platform.jdbcUrl();
    }

    @Override
    public String namePrefix() {
        return settings.namePrefix();
    }

    @Override
    public Path logDirectory() {
        return logDirectory;
    }

    /** The run's directory: {@code logs/}, {@code config/}, {@code kafka/} (the broker's data). */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The log file of a replica. */
    public Path logFile(Replica replica) {
        return logDirectory.resolve(replica.name() + ".log");
    }

    /** The first replica of a part (the only one of a simulator). */
    public Replica first(Part part) {
        return replicas(part).get(0);
    }

    @Override
    public String simulatorUrl() {
        return url(first(Part.SMEV_SIMULATOR));
    }

    @Override
    public String gatewayUrl() {
        return url(first(Part.GATEWAY));
    }

    @Override
    public SmevProfile smevProfile() {
        return settings.smev();
    }

    @Override
    public Optional<SmevKeys> smevKeys() {
        return platform.smevKeys();
    }

    @Override
    public String viewerToken() {
        return platform.viewerToken();
    }

    /** A token of the run's issuer with role {@code operator} (the operator APIs of every replica). */
    public String operatorToken() {
        return platform.operatorToken();
    }

    /** The run's SMEV push credentials (when SMEV is real): pushes to any gateway replica must be signed with them. */
    public Optional<ru.moku.local.PushCredentials> pushCredentials() {
        return platform.pushCredentials();
    }

    /** The FTP port of the SMEV simulator's file storage (0 when SMEV is plain). */
    public int fileStoragePort() {
        return platform.fileStoragePort();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs stopAll itself.
        }
    }

    /** SIGTERM to every process at once (the broker last), SIGKILL to what is left after the grace period. */
    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        List<Process> running = processes.values().stream().filter(Process::isAlive).toList();
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + settings.gracePeriod().toNanos();
        for (Process process : running) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        running.forEach(ProcessCluster::waitFor);
        kafka.terminate();
        platform.close();
    }

    private void launch(Replica replica) {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
        Launch launch = launch(replica.part());
        Path config = writeConfig(replica);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(settings.jvmOptions());
        command.addAll(settings.partJvmOptions().getOrDefault(replica.part(), List.of()));
        if (launch.mainClass() != null) {
            command.add("-Dloader.main=" + launch.mainClass());
        }
        command.add("-jar");
        command.add(jar(launch.module()).toString());
        command.add("--spring.config.additional-location=file:" + config);
        Path logFile = logFile(replica);
        try {
            Files.writeString(logFile, "──── " + Instant.now() + " starting " + replica.name() + " on port "
                    + replica.port() + " (management " + managementPorts.get(replica) + ") ────"
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(runDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            processes.put(replica, process);
            log.info("{} started, pid {}", replica.name(), process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + replica.name(), e);
        }
    }

    /**
     * The replica's properties file: the one-JVM platform's properties of the part with the callees of replica i, its
     * own ports on top.
     */
    private Path writeConfig(Replica replica) {
        Map<Part, Integer> ports = new EnumMap<>(Part.class);
        replicas.forEach((part, list) -> ports.put(part, list.get((replica.index() - 1) % list.size()).port()));
        Map<String, String> values = new LinkedHashMap<>(platform.launchProperties(replica.part(), ports));
        values.put("server.port", String.valueOf(replica.port()));
        values.put("management.server.port", String.valueOf(managementPorts.get(replica)));
        values.put("management.server.address", "127.0.0.1");
        // Whose connections are whose in pg_stat_activity (application_name): the replica's name.
        values.computeIfPresent("spring.r2dbc.url", (key, url) -> withParameter(url, "applicationName", replica.name()));
        values.computeIfPresent("spring.flyway.url", (key, url) -> withParameter(url, "ApplicationName",
                replica.name() + "-flyway"));
        Properties properties = new Properties();
        properties.putAll(values);
        Path file = configDirectory.resolve(replica.name() + ".properties");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, replica.name() + " of a multi-process run (ProcessCluster)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }

    /** Polls the replica's readiness until it says UP (200); fails early when its process exits. */
    private void awaitReady(Replica replica) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        String readiness = managementUrl(replica) + "/health/readiness";
        String health = managementUrl(replica) + "/health";
        while (true) {
            Process process = processes.get(replica);
            if (process == null || !process.isAlive()) {
                throw new ExitedDuringStart(replica.name() + " exited during start-up (exit "
                        + (process == null ? "?" : process.exitValue()) + "); its log: " + logFile(replica)
                        + tail(logFile(replica)));
            }
            int status = status(readiness);
            if (status == 404) {
                status = status(health);
            }
            if (status == 200) {
                log.info("{} ready at {}", replica.name(), url(replica));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(replica.name() + " not ready within " + settings.startTimeout()
                        + " (readiness " + status + "); its log: " + logFile(replica) + tail(logFile(replica)));
            }
            pause(Duration.ofMillis(500));
        }
    }

    private int status(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        }
    }

    private static Launch launch(Part part) {
        Launch launch = LAUNCHES.get(part.name());
        if (launch == null) {
            throw new IllegalStateException("ProcessCluster does not know how to launch " + part
                    + ": add it to ProcessCluster.LAUNCHES");
        }
        return launch;
    }

    private Path jar(String module) {
        return projectDirectory.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
    }

    /** The repository: the working directory or the first of its parents with {@code kafka-local/} and {@code pom.xml}. */
    private static Path findProjectDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("kafka-local"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the project (no kafka-local/ with a pom.xml above "
                + Path.of("").toAbsolutePath() + "); set ProcessCluster.Settings.projectDirectory");
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for process " + process.pid(), e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last lines of a log, for an error message. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return System.lineSeparator() + String.join(System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Ports handed out by {@link #freePort()} in this JVM: never twice. */
    private static final java.util.Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    /**
     * A port free on the loopback interface now, below the kernel's ephemeral range (20000–32767 on a default Linux):
     * an ephemeral port ({@code new ServerSocket(0)}) can be taken by any outgoing connection of the machine before the
     * process that should listen on it starts — it happened, a replica failed with "port already in use".
     */
    static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (TAKEN.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                TAKEN.add(port);
                return socket.getLocalPort();
            } catch (IOException e) {
                // in use: another one
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000 on the loopback interface");
    }
}
