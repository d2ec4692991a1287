package ru.moku.benchmarks.export;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import ru.moku.benchmarks.Machine;
import ru.moku.benchmarks.ResultsFile;
import ru.moku.kafka.local.InProcessKafka;
import ru.moku.local.Infrastructure;
import ru.moku.survey.SurveyServiceApplication;

/**
 * The analytics export (issue 13): {@code --rows} organisations (default 1,000,000) inserted into a fresh database
 * with {@code generate_series}, then exported through survey-service's {@code GET /api/v1/export/organisations} as
 * NDJSON and as CSV. survey-service runs in a child JVM with a small heap ({@code --server-heap}, default 256m) so its
 * heap is its own; the heap in use is read from its Prometheus endpoint every 100 ms while a phase runs, and the peak
 * is reported with the rows per second the client received. PostgreSQL: 127.0.0.1, port {@code MOKU_BENCH_PG_PORT}
 * (default 5432), user postgres; RabbitMQ 127.0.0.1:5672 (names under {@value #PREFIX}, deleted at the end).
 */
public final class ExportBenchmark {

    static final String HOST = "127.0.0.1";
    static final String DATABASE = "moku_bench_export";
    static final String PREFIX = "bench-export.";
    static final String ISSUER = "https://sso.bench/realms/moku";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Path LATEST = Path.of("benchmarks", "results", "export-latest.md");

    private final int rows;
    private final String serverHeap;
    private final int pageSize;
    private final int postgresPort = Integer.parseInt(System.getenv().getOrDefault("MOKU_BENCH_PG_PORT", "5432"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> serverOutput = new ArrayList<>();

    private ExportBenchmark(int rows, String serverHeap, int pageSize) {
        this.rows = rows;
        this.serverHeap = serverHeap;
        this.pageSize = pageSize;
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        String heap = "256m";
        int pageSize = 1000;
        for (String arg : args) {
            if (arg.equals("export")) {
                continue;
            } else if (arg.startsWith("--rows=")) {
                rows = Integer.parseInt(arg.substring("--rows=".length()).replace("_", ""));
            } else if (arg.startsWith("--server-heap=")) {
                heap = arg.substring("--server-heap=".length());
            } else if (arg.startsWith("--page-size=")) {
                pageSize = Integer.parseInt(arg.substring("--page-size=".length()));
            } else {
                System.out.println("""
                        benchmarks/run.sh export [--rows=1000000] [--server-heap=256m] [--page-size=1000]
                          PostgreSQL port from MOKU_BENCH_PG_PORT (default 5432); writes
                          benchmarks/results/export-<yyyyMMdd-HHmmss>.md and export-latest.md""");
                return;
            }
        }
        new ExportBenchmark(rows, heap, pageSize).run();
        System.exit(0);
    }

    private void run() throws Exception {
        List<String> down = Infrastructure.unreachable(HOST, postgresPort, HOST, 5672);
        if (!down.isEmpty()) {
            down.forEach(System.err::println);
            System.exit(2);
        }
        String load = Machine.loadAverage();
        Infrastructure.recreateDatabase(HOST, postgresPort, "postgres", DATABASE);
        Infrastructure.deleteBrokerNames(HOST, PREFIX);
        KeyPair keys = rsaKeyPair();
        Process server = null;
        try (InProcessKafka kafka = InProcessKafka.start()) {
            int port = freePort();
            int management = freePort();
            say("Starting survey-service (-Xmx%s) on port %d", serverHeap, port);
            server = startServer(port, management, kafka.bootstrapServers(), publicKeyPem(keys));
            awaitStarted(server, management);
            say("Inserting %,d organisations (generate_series)", rows);
            long insertStart = System.nanoTime();
            insertRows();
            double insertSeconds = (System.nanoTime() - insertStart) / 1e9;
            say("  inserted in %.1f s", insertSeconds);
            String token = viewerToken(keys);
            Phase ndjson = export(port, management, token, "application/x-ndjson");
            Phase csv = export(port, management, token, "text/csv");
            String report = report(load, insertSeconds, ndjson, csv);
            Path output = Path.of("benchmarks", "results", "export-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
            ResultsFile.write(output, LATEST, report);
            System.out.println(report);
            say("Written to %s and %s", output, LATEST);
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            Infrastructure.dropDatabase(HOST, postgresPort, "postgres", DATABASE);
            Infrastructure.deleteBrokerNames(HOST, PREFIX);
        }
    }

    /** What one export phase measured. */
    record Phase(String mediaType, long rows, long bytes, double seconds, double heapPeakMib, double heapMaxMib,
                 long directoryVersionStamped) {

        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private Phase export(int port, int management, String token, String mediaType) throws Exception {
        say("Exporting as %s", mediaType);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong heapPeak = new AtomicLong();
        // A quiet start: the peak is of the export, not of start-up and the insert.
        System.gc();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                try {
                    heapPeak.accumulateAndGet(heapUsed(management), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // The next sample.
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port
                        + "/api/v1/export/organisations"))
                .header("Accept", mediaType)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(30))
                .GET().build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the export answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long lines = 0;
        long bytes = 0;
        long stamped = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
                // Every row is stamped with the directory version (the fixture's version 1).
                if (line.endsWith(",1") || line.endsWith("\"directory_version\":1}")) {
                    stamped++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.join();
        long exported = mediaType.equals("text/csv") ? lines - 1 : lines;
        if (exported != rows) {
            throw new IllegalStateException("exported " + exported + " rows of " + rows);
        }
        Phase phase = new Phase(mediaType, exported, bytes, seconds, heapPeak.get() / 1024.0 / 1024.0,
                heapMax(management) / 1024.0 / 1024.0, stamped);
        say("  %,d rows in %.1f s: %,.0f rows/s; server heap peak %.1f MiB of %.0f MiB", phase.rows(),
                phase.seconds(), phase.rowsPerSecond(), phase.heapPeakMib(), phase.heapMaxMib());
        return phase;
    }

    private String report(String loadAtStart, double insertSeconds, Phase... phases) {
        Machine machine = Machine.describeWithoutServers();
        StringBuilder md = new StringBuilder();
        md.append("# Export benchmark — ").append(LocalDateTime.now().withNano(0)).append("\n\n");
        md.append("""
                `GET /api/v1/export/organisations` of survey-service (issue 13, the analytics contract): %,d \
                organisations (with their municipality and region resolved through the ОКТМО directory, view \
                `analytics.organisation`) streamed to one client, keyset-paged %d rows a page. survey-service runs \
                in a child JVM with `-Xmx%s`; its heap in use is read from its Prometheus endpoint every 100 ms \
                (`jvm_memory_used_bytes{area="heap"}`, all pools), so the peak includes garbage not yet collected.
                Run: `benchmarks/run.sh export --rows=%d --server-heap=%s --page-size=%d` (PostgreSQL port %d).

                Load average (1 / 5 / 15 min) at the start: %s; at the end: %s. Machine: %d cores, %s, %s; %s.

                """.formatted(rows, pageSize, serverHeap, rows, serverHeap, pageSize, postgresPort, loadAtStart,
                Machine.loadAverage(), machine.cores(), machine.memory(), machine.cpu(), machine.java()));
        md.append("| format | rows | MB sent | seconds | **rows/s** | server heap peak (MiB) | server max heap (MiB) "
                + "| rows stamped with the directory version |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Phase phase : phases) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | **%.0f** | %.1f | %.0f | %d |%n",
                    phase.mediaType(), phase.rows(), phase.bytes() / 1e6, phase.seconds(), phase.rowsPerSecond(),
                    phase.heapPeakMib(), phase.heapMaxMib(), phase.directoryVersionStamped()));
        }
        md.append(String.format(Locale.ROOT, "%nInserting the rows (`generate_series`, one statement, with the "
                + "table's indexes) took %.1f s.%n", insertSeconds));
        return md.toString();
    }

    private Process startServer(int port, int management, String kafka, String publicKey) throws Exception {
        String jdbc = "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + DATABASE;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xmx" + serverHeap,
                "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml",
                SurveyServiceApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=" + HOST,
                "--management.server.port=" + management,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--spring.r2dbc.url=r2dbc:postgresql://" + HOST + ":" + postgresPort + "/" + DATABASE + "?schema=lko",
                "--spring.r2dbc.username=postgres",
                "--spring.flyway.url=" + jdbc,
                "--spring.flyway.user=postgres",
                "--moku.messaging.name-prefix=" + PREFIX,
                "--moku.messaging.rabbitmq.host=" + HOST,
                "--moku.messaging.kafka.bootstrap-servers=" + kafka,
                "--moku.security.jwt.issuer=" + ISSUER,
                "--moku.security.jwt.public-key=" + publicKey,
                "--moku.survey.token.public-key=" + surveyTokenPublicKey(),
                "--moku.survey.export.page-size=" + pageSize,
                "--management.datadog.metrics.export.enabled=false",
                "--management.jmx.metrics.export.enabled=false"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (serverOutput) {
                        serverOutput.add(line);
                        if (serverOutput.size() > 200) {
                            serverOutput.remove(0);
                        }
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "survey-service-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private void awaitStarted(Process server, int management) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!server.isAlive()) {
                synchronized (serverOutput) {
                    throw new IllegalStateException("survey-service exited with " + server.exitValue() + ":\n"
                            + String.join("\n", serverOutput));
                }
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":"
                        + management + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("survey-service did not start within " + START_TIMEOUT);
            }
            Thread.sleep(500);
        }
    }

    /** A small directory (one version, Moscow) and {@link #rows} organisations spread over its okrugs. */
    private void insertRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + postgresPort
                + "/" + DATABASE, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO lko.oktmo_version (status, file_name, sha256, change_number, loaded_at)
                    VALUES ('CURRENT', 'bench.csv', repeat('0', 64), 1, now());
                    INSERT INTO lko.oktmo_entry (oktmo, valid_from, kind, name, parent_oktmo, region_oktmo)
                    SELECT '45000000', 1, 'REGION', 'Город Москва', NULL, '45000000'
                    UNION ALL
                    SELECT '45' || lpad((300 + n)::text, 3, '0') || '000', 1, 'MUNICIPAL_OKRUG',
                           'муниципальный округ № ' || n, NULL, '45000000'
                    FROM generate_series(1, 100) n""");
            statement.execute("""
                    INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, kpp, address, oktmo)
                    SELECT gen_random_uuid(), gen_random_uuid(), 'ООО "Организация ' || n || '"', '7707083893',
                           '1027700132195', '770701001', 'г. Москва, ул. Тверская, д. ' || mod(n, 200),
                           '45' || lpad((301 + mod(n, 100))::text, 3, '0') || '000'
                    FROM generate_series(1, %d) n""".formatted(rows));
            statement.execute("VACUUM ANALYZE lko.organisation");
        }
    }

    private long heapUsed(int management) throws IOException, InterruptedException {
        return sumOf(management, "jvm_memory_used_bytes{area=\"heap\"");
    }

    private long heapMax(int management) throws IOException, InterruptedException {
        return sumOf(management, "jvm_memory_max_bytes{area=\"heap\"");
    }

    private long sumOf(int management, String prefix) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + management
                        + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix)) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (value > 0) {
                    sum += value;
                }
            }
        }
        return (long) sum;
    }

    private static String viewerToken(KeyPair keys) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("export-benchmark")
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2)))).claim("roles", List.of("viewer")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(), claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private static String publicKeyPem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** survey-service requires a survey-link key to start; the benchmark sends no survey, any EC key does. */
    private static String surveyTokenPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format,
                args));
    }
}
