package ru.moku.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import ru.moku.kafka.local.InProcessKafka;
import ru.moku.local.cluster.ProcessCluster;

/**
 * One command for the whole platform on this machine: checks PostgreSQL and RabbitMQ, starts an
 * in-process Kafka broker, the SMEV and Dadata simulators, survey-service (ЛКО), the ЛКО fault proxy in front of it
 * (org-registry's way to ЛКО, so refusals can be injected), org-registry (ПОС.ОС), enrichment, card-processor and the
 * gateway, drives a demo batch through them with visible progress, prints a summary, and exits
 * 0 only if every card reached its expected stage. {@code --keep-running} leaves the platform up afterwards (Ctrl+C
 * stops it).
 *
 * <p>Each run starts clean: database {@code moku_local} is recreated and the RabbitMQ names under
 * the prefix {@code local.} are deleted first.
 */
public final class LocalPlatform {

    /** The system property logback.xml takes the full log's file from. */
    static final String LOG_FILE_PROPERTY = "moku.local.log";

    private LocalPlatform() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            // A mistyped option deserves its message and the usage, not a stack trace.
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        // Before anything logs: logback.xml reads the file's name from this property.
        System.setProperty(LOG_FILE_PROPERTY, options.logFile.toString());
        Files.deleteIfExists(options.logFile);
        System.exit(run(options));
    }

    static int run(Options options) throws Exception {
        List<String> problems = Infrastructure.unreachable(options.postgresHost, options.postgresPort,
                options.rabbitHost, 5672);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("✗ " + problem));
            return 2;
        }
        say("Full log: %s", options.logFile);
        say("Preparing a clean database '%s' and RabbitMQ names '%s*'", options.database, options.prefix);
        Infrastructure.recreateDatabase(options.postgresHost, options.postgresPort, "postgres", options.database);
        Infrastructure.deleteBrokerNames(options.rabbitHost, options.prefix);
        if (options.processes) {
            return runProcesses(options);
        }

        say("Starting in-process Kafka");
        try (InProcessKafka kafka = InProcessKafka.start();
             Platform platform = new Platform(new Platform.Settings(options.postgresHost, options.postgresPort,
                     "postgres", options.database, options.rabbitHost, options.prefix, kafka.bootstrapServers(),
                     options.ports(), demoOverrides(), options.dadataUrl, SmevProfile.real(options.signing)))) {
            say("Starting the SMEV simulator, %s, survey-service (ЛКО), the ЛКО fault proxy, org-registry (ПОС.ОС),"
                    + " enrichment, card-processor and the gateway",
                    options.dadataUrl == null ? "the Dadata simulator" : "no Dadata simulator (Dadata at "
                            + options.dadataUrl + ")");
            platform.start();
            say("Up:%n%s%n    %-18s %s", partUrls(platform), "kafka", kafka.bootstrapServers());
            say("SMEV as it really is: MTOM answers, attachments, files on SMEV's file storage (FTP 127.0.0.1:%d),"
                    + " AsyncProcessingStatus after each SendRequest; signatures (GOST R 34.10-2012) %s",
                    platform.fileStoragePort(), options.signing
                            ? "on, keys made for this run in " + platform.smevKeys().orElseThrow().directory()
                            + " (deleted at the end)"
                            : "off (--signing=off)");
            int exitCode = runDemo(platform, options);
            if (options.keepRunning) {
                say("The platform keeps running (Ctrl+C stops it). Push endpoint: POST %s/smev/inbound;"
                        + " ЛКО refusals (422) for chosen organisations: PUT %s/admin/lko/rejections"
                        + " {\"inns\": [...], \"mokuOrganisationIds\": [...]}",
                        platform.gatewayUrl(), platform.lkoProxyUrl());
                platform.pushCredentials().ifPresent(credentials -> say(pushHowTo(platform.gatewayUrl(),
                        credentials)));
                say(tokenHowTo(platform.issuerUrl(), platform.cardProcessorUrl()));
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                stopped.await();
            }
            return exitCode;
        }
    }

    /** The demo batch through {@code target} (either platform), its summary printed; the exit code (0 = success). */
    private static int runDemo(Demo.Target target, Options options) throws InterruptedException {
        if (options.cards <= 0) {
            return 0;
        }
        Demo.Result result = new Demo(target, new PlatformState(target.jdbcUrl(), "postgres"))
                .run(options.cards, options.invalidShare, options.duplicateShare, options.answerShare,
                        new SmevSimulatorClient.Extras(options.attachmentShare, options.fsAttachmentShare,
                                options.tamperedShare()),
                        options.timeout,
                        LocalPlatform::progress);
        System.out.println();
        System.out.println(result.summary());
        return result.success() ? 0 : 1;
    }

    /** What the demo's run changes in every service's configuration. */
    static Map<String, String> demoOverrides() {
        // The demo queues its batch once the platform is up: idle pull loops look again within 1 s.
        return Map.of("spring.main.banner-mode", "off", "moku.gateway.pull.max-idle-backoff", "1s",
                // The demo's applicants all answer from 127.0.0.1: the per-client limit would stop them.
                "moku.gateway.surveys.rate-limit.requests", "1000000",
                // Files on SMEV's file storage are fetched within a second of their message, not 5 s.
                "moku.gateway.attachments.fetch.interval", "500ms");
    }

    /**
     * {@code --processes}: the platform as it is deployed — every service its own OS process from its runnable jar,
     * {@code --replicas} of each, the simulators and a Kafka broker as processes too ({@link ProcessCluster}) — and the
     * same demo through it.
     */
    static int runProcesses(Options options) throws InterruptedException {
        Map<String, String> overrides = new java.util.HashMap<>(demoOverrides());
        overrides.putAll(ProcessCluster.Settings.COLD_START_TIMEOUTS);
        ProcessCluster.Settings settings = ProcessCluster.Settings.local(options.database, options.prefix)
                .with(SmevProfile.real(options.signing))
                .withOverrides(overrides);
        if (options.runDirectory != null) {
            settings = settings.withRunDirectory(options.runDirectory);
        }
        if (options.freePorts) {
            settings = settings.withFreePorts();
        }
        say("Starting the platform as OS processes: a Kafka broker, the simulators, %d replica(s) of each service"
                + " (a few minutes on a 2-core machine)", options.replicas);
        try (ProcessCluster cluster = ProcessCluster.start(settings, options.replicas)) {
            say("Up (logs: %s):%n%s%n    %-22s %s", cluster.logDirectory(), replicaUrls(cluster), "kafka",
                    cluster.kafka().bootstrap());
            int exitCode = runDemo(cluster, options);
            if (options.keepRunning) {
                say("The platform keeps running (Ctrl+C stops every process). Push endpoint: POST %s/smev/inbound",
                        cluster.gatewayUrl());
                cluster.pushCredentials().ifPresent(credentials -> say(pushHowTo(cluster.gatewayUrl(),
                        credentials)));
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                stopped.await();
            }
            say("Stopping every process (SIGTERM, SIGKILL after %s); logs stay in %s", settings.gracePeriod(),
                    cluster.logDirectory());
            return exitCode;
        }
    }

    /** Every replica with its URL and management URL, one a line in start order. */
    private static String replicaUrls(ProcessCluster cluster) {
        return cluster.replicas().stream()
                .map(replica -> String.format(Locale.ROOT, "    %-22s %s   (actuator %s, log %s.log)",
                        replica.name(), cluster.url(replica), cluster.managementUrl(replica), replica.name()))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** How to call the operator APIs of this run: a token from the run's token issuer. */
    static String tokenHowTo(String issuerUrl, String serviceUrl) {
        return String.format(Locale.ROOT, """
                Operator APIs need a bearer token of the run's token issuer (role operator, or viewer to read). E.g.:
                      token=$(curl -s -X POST %s/admin/tokens -H 'Content-Type: application/json' \\
                              -d '{"subject":"me","roles":["operator"],"ttl":"PT8H"}' | jq -r .access_token)
                      curl -s %s/api/v1/incidents -H "Authorization: Bearer $token\"""", issuerUrl, serviceUrl);
    }

    /**
     * How to push to the gateway of this run, whose push endpoint takes only requests signed with the run's HMAC
     * secret (gateway README, "Intake authentication"): the four headers and a shell recipe.
     */
    static String pushHowTo(String gatewayUrl, PushCredentials credentials) {
        return String.format(Locale.ROOT, """
                Pushes must be signed (moku.gateway.push.auth.mode=HMAC): key id %s, secret %s. E.g.:
                      body=message.xml; ts=$(date +%%s); sha=$(openssl dgst -sha256 -binary "$body" | base64)
                      sig=$(printf 'POST\\n/smev/inbound\\n%%s\\n%%s' "$ts" "$sha" \\
                            | openssl dgst -sha256 -hmac '%s' -binary | base64)
                      curl -X POST %s/smev/inbound -H 'Content-Type: text/xml' --data-binary @"$body" \\
                           -H 'X-Moku-Key-Id: %s' -H "X-Moku-Timestamp: $ts" -H "X-Moku-Content-SHA256: $sha" \\
                           -H "X-Moku-Signature: $sig"
                    (messages pushed unsigned by SMEV are refused 422 signature-invalid while signatures are on)""",
                credentials.keyId(), credentials.secret(), credentials.secret(), gatewayUrl, credentials.keyId());
    }

    /**
     * Every running part with its URL, one a line in start order, e.g. {@code org-registry  http://127.0.0.1:8083};
     * a Dadata given by {@code --dadata-url} instead of the simulator as {@code dadata}.
     */
    private static String partUrls(Platform platform) {
        return Arrays.stream(Platform.Part.values())
                .map(part -> platform.running(part)
                        ? String.format(Locale.ROOT, "    %-18s %s", optionName(part), platform.url(part))
                        : String.format(Locale.ROOT, "    %-18s %s", "dadata", platform.dadataUrl()))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** A part's name as its options spell it, e.g. {@code card-processor}. */
    private static String optionName(Platform.Part part) {
        return part.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }


    private static void progress(String line) {
        System.out.print("\r" + line);
        System.out.flush();
    }

    private static void say(String format, Object... args) {
        System.out.println("▶ " + String.format(Locale.ROOT, format, args));
    }

    /** Command-line options. */
    static final class Options {

        static final String USAGE = """
                Usage: ./run-local.sh [options]
                  --cards=N             demo batch size, one card per SMEV message (default 1000; 0 = no demo)
                  --invalid-share=X     share of cards with a wrong ИНН check digit, expected FLAGGED (default 0.02)
                  --duplicate-share=X   share of messages SMEV delivers twice (default 0.05)
                  --answer-share=X      share of the survey links the demo's applicants answer (default 0.5)
                  --attachment-share=X  share of messages carrying an attachment (MTOM part or inline; default 0.10)
                  --fs-attachment-share=X share of messages with a file on SMEV's file storage, fetched by FTP
                                        (default 0.05)
                  --tampered-share=X    share of messages changed after SMEV signed them, expected refused with
                                        SIGNATURE_INVALID (default 0.01; 0 with --signing=off)
                  --signing=on|off      GOST signatures both ways: the simulator signs and checks the gateway's, the
                                        gateway signs and checks messages and attachments (default on)
                  --timeout=DURATION    how long the demo may take, e.g. 300s or 10m (default 600s)
                  --keep-running        keep the platform up after the demo (Ctrl+C stops it)
                  --processes           run the platform as it is deployed: every service its own OS process from its
                                        runnable jar (--replicas of each, service replica i on its port + 100·(i−1),
                                        management port + 1000), the simulators and a Kafka broker (port 19092) as
                                        processes too; logs per process in <run-dir>/logs (default: one JVM)
                  --replicas=N          replicas of each service with --processes (default 2)
                  --free-ports          with --processes: every process and Kafka on free ports (several runs on
                                        one machine)
                  --run-dir=PATH        with --processes: logs, configuration, Kafka's data (default: a new
                                        temporary directory, printed)
                  --database=NAME       PostgreSQL database, recreated at start (default moku_local)
                  --prefix=P            prefix of RabbitMQ/Kafka names, cleaned at start (default local.)
                  --gateway-port=P      (default 8080)   --card-processor-port=P (default 8081)
                  --enrichment-port=P   (default 8082)   --org-registry-port=P   (default 8083)
                  --survey-service-port=P (default 8084) --lko-proxy-port=P     (default 8092)
                  --smev-simulator-port=P (default 8090) --dadata-simulator-port=P (default 8091)
                  --token-issuer-port=P (default 8093)
                  --postgres-host=H     (default 127.0.0.1)   --rabbitmq-host=H (default 127.0.0.1)
                  --dadata-url=URL      call this Dadata instead of starting the Dadata simulator, e.g.
                                        https://suggestions.dadata.ru/suggestions/api/4_1/rs (its key from the
                                        environment: MOKU_ENRICHMENT_DADATA_API_KEY) (default: the simulator)
                  --log-file=PATH       the services' full log, emptied at start
                                        (default <java.io.tmpdir>/moku-local-platform.log)
                  --help                this text
                """;

        static final double DEFAULT_TAMPERED_SHARE = 0.01;

        int cards = 1000;
        double invalidShare = 0.02;
        double duplicateShare = 0.05;
        double answerShare = 0.5;
        double attachmentShare = 0.10;
        double fsAttachmentShare = 0.05;
        /** {@code null}: the default, {@value #DEFAULT_TAMPERED_SHARE} with signing, 0 without. */
        Double tamperedShare;
        boolean signing = true;
        Duration timeout = Duration.ofSeconds(600);
        boolean keepRunning;
        boolean processes;
        int replicas = 2;
        boolean freePorts;
        /** {@code null}: a new temporary directory. */
        Path runDirectory;
        boolean help;
        String database = "moku_local";
        String prefix = "local.";
        final Map<Platform.Part, Integer> ports = Platform.Part.localPorts();
        String postgresHost = "127.0.0.1";
        int postgresPort = 5432;
        String rabbitHost = "127.0.0.1";
        /** {@code null}: start the Dadata simulator. */
        String dadataUrl;
        Path logFile = Path.of(System.getProperty("java.io.tmpdir"), "moku-local-platform.log");

        static Options parse(String[] args) {
            Options options = new Options();
            Map<String, String> values;
            try {
                values = CommandLineOptions.parse(args);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
            }
            values.forEach((key, value) -> {
                Map.Entry<String, String> option = Map.entry(key, value);
                switch (key) {
                    case "cards" -> options.cards = atLeast(option, 0);
                    case "invalid-share" -> options.invalidShare = share(option);
                    case "duplicate-share" -> options.duplicateShare = share(option);
                    case "answer-share" -> options.answerShare = share(option);
                    case "attachment-share" -> options.attachmentShare = share(option);
                    case "fs-attachment-share" -> options.fsAttachmentShare = share(option);
                    case "tampered-share" -> options.tamperedShare = share(option);
                    case "signing" -> options.signing = onOff(option);
                    case "timeout" -> options.timeout = positive(option);
                    case "keep-running" -> options.keepRunning = Boolean.parseBoolean(value);
                    case "processes" -> options.processes = Boolean.parseBoolean(value);
                    case "replicas" -> options.replicas = atLeast(option, 1);
                    case "free-ports" -> options.freePorts = Boolean.parseBoolean(value);
                    case "run-dir" -> options.runDirectory = directory(key, value);
                    case "help" -> options.help = true;
                    case "database" -> options.database = identifier(option);
                    case "prefix" -> options.prefix = value;
                    case "simulator-port" -> options.ports.put(Platform.Part.SMEV_SIMULATOR, port(option));
                    case "postgres-host" -> options.postgresHost = value;
                    case "rabbitmq-host" -> options.rabbitHost = value;
                    case "dadata-url" -> options.dadataUrl = httpUrl(key, value);
                    case "log-file" -> options.logFile = path(key, value);
                    default -> {
                        Platform.Part part = portOption(key);
                        if (part == null) {
                            throw new IllegalArgumentException("unknown option --" + key + "\n" + USAGE);
                        }
                        options.ports.put(part, port(option));
                    }
                }
            });
            CommandLineOptions.require(!options.processes || options.dadataUrl == null,
                    "--dadata-url is for the one-JVM run: --processes always starts the Dadata simulator");
            CommandLineOptions.require(options.tamperedShare == null || options.tamperedShare == 0 || options.signing,
                    "--tampered-share needs --signing=on: a change to an unsigned message cannot be detected");
            return options;
        }

        /** The share of tampered messages: as given, else {@value #DEFAULT_TAMPERED_SHARE} when signing, else 0. */
        double tamperedShare() {
            return tamperedShare != null ? tamperedShare : signing ? DEFAULT_TAMPERED_SHARE : 0;
        }

        private static boolean onOff(Map.Entry<String, String> option) {
            return switch (option.getValue()) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException("--" + option.getKey() + " must be on or off, not '"
                        + option.getValue() + "'");
            };
        }

        private static int atLeast(Map.Entry<String, String> option, int minimum) {
            int value = CommandLineOptions.integer(option);
            CommandLineOptions.require(value >= minimum, "--" + option.getKey() + " must be at least " + minimum);
            return value;
        }

        private static int port(Map.Entry<String, String> option) {
            int value = CommandLineOptions.integer(option);
            CommandLineOptions.require(value >= 0 && value <= 65_535,
                    "--" + option.getKey() + " must be a port 0..65535 (0 = any free one)");
            return value;
        }

        private static double share(Map.Entry<String, String> option) {
            double value = CommandLineOptions.decimal(option);
            CommandLineOptions.require(value >= 0 && value <= 1, "--" + option.getKey() + " must be between 0 and 1");
            return value;
        }

        private static Duration positive(Map.Entry<String, String> option) {
            Duration value = CommandLineOptions.duration(option);
            CommandLineOptions.require(!value.isNegative() && !value.isZero(), "--" + option.getKey() + " must be longer than 0");
            return value;
        }

        /** A database name used as it is in {@code DROP DATABASE}: letters, digits and underscores only. */
        private static String identifier(Map.Entry<String, String> option) {
            CommandLineOptions.require(option.getValue().matches("[a-z_][a-z0-9_]{0,62}"),
                    "--" + option.getKey() + " must be a lower-case name of letters, digits and _, not '"
                            + option.getValue() + "'");
            return option.getValue();
        }

        Map<Platform.Part, Integer> ports() {
            return ports;
        }

        /** An absolute http(s) URL, without a trailing slash (enrichment appends its paths). */
        private static String httpUrl(String key, String value) {
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (URISyntaxException e) {
                uri = null;
            }
            CommandLineOptions.require(uri != null && uri.getHost() != null
                            && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
                    "--" + key + " must be an http(s) URL such as https://suggestions.dadata.ru/suggestions/api/4_1/rs,"
                            + " not '" + value + "'");
            return value.trim().replaceAll("/+$", "");
        }

        /** A file path whose directory exists (the log is written there from the start). */
        private static Path path(String key, String value) {
            CommandLineOptions.require(!value.isBlank() && !"true".equals(value),
                    "--" + key + " needs a path, e.g. --" + key + "=/tmp/moku.log");
            Path file;
            try {
                file = Path.of(value).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--" + key + " is not a path: '" + value + "'");
            }
            CommandLineOptions.require(!Files.isDirectory(file), "--" + key + " names a directory, not a file: " + file);
            CommandLineOptions.require(file.getParent() != null && Files.isDirectory(file.getParent()),
                    "--" + key + ": directory " + file.getParent() + " does not exist");
            return file;
        }

        /** A directory path (created if missing). */
        private static Path directory(String key, String value) {
            CommandLineOptions.require(!value.isBlank() && !"true".equals(value),
                    "--" + key + " needs a path, e.g. --" + key + "=/tmp/moku-processes");
            try {
                Path dir = Path.of(value).toAbsolutePath();
                CommandLineOptions.require(!Files.isRegularFile(dir), "--" + key + " names a file: " + dir);
                return dir;
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("--" + key + " is not a path: '" + value + "'");
            }
        }

        /** The part named by {@code --<part>-port} (e.g. {@code card-processor-port}), or {@code null}. */
        private static Platform.Part portOption(String key) {
            for (Platform.Part part : Platform.Part.values()) {
                if (key.equals(optionName(part) + "-port")) {
                    return part;
                }
            }
            return null;
        }
    }
}
