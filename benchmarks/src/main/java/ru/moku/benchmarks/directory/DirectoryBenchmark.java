package ru.moku.benchmarks.directory;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import ru.moku.benchmarks.Machine;
import ru.moku.survey.SurveyServiceApplication;

/**
 * The ОКТМО directory benchmark ({@code benchmarks/run.sh directory}; not a test): a classifier of 200,000 rows in
 * the real format (windows-1251, {@code ;}, quoted, 13 columns, region / group / district / settlement / populated
 * place rows) is generated, then loaded through survey-service's operator API ({@code POST
 * /api/v1/directory/versions}) by a survey-service running in this JVM on a database of its own; the figures are the
 * load's time (upload to CURRENT) and the JVM's peak heap during it. The JVM runs with a small heap
 * ({@code -Xmx256m}, run.sh) to show the load streams in constant memory. PostgreSQL: {@code MOKU_BENCH_PG_HOST} /
 * {@code MOKU_BENCH_PG_PORT} (default 127.0.0.1:5432, user postgres); RabbitMQ 127.0.0.1:5672 (the service's consumer);
 * the outbox relays are off (the event stays in the outbox: Kafka is not needed). Writes
 * {@code benchmarks/results/directory-<yyyyMMdd-HHmmss>.md} and {@code directory-latest.md}.
 */
public final class DirectoryBenchmark {

    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    private static final String ISSUER = "https://benchmark.moku/issuer";

    private DirectoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 200_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--help")) {
                System.out.println("benchmarks/run.sh directory [--rows N]   (env MOKU_BENCH_PG_HOST, MOKU_BENCH_PG_PORT)");
                return;
            }
        }
        String host = System.getenv().getOrDefault("MOKU_BENCH_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("MOKU_BENCH_PG_PORT", "5432");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String database = "moku_bench_directory_" + stamp.replace('-', '_');

        Path file = Files.createTempFile("oktmo-benchmark-", ".csv");
        long generateStart = System.nanoTime();
        int written = generate(file, rows);
        long generateMs = (System.nanoTime() - generateStart) / 1_000_000;
        System.out.printf("Generated %,d rows (%,d bytes) in %,d ms: %s%n", written, Files.size(file), generateMs, file);

        sql(host, port, "postgres", "CREATE DATABASE " + database);
        ConfigurableApplicationContext service = null;
        try {
            KeyPair jwtKeys = KeyPairGenerator.getInstance("RSA").genKeyPair();
            service = start(host, port, database, stamp, jwtKeys);
            int servicePort = ((WebServerApplicationContext) service).getWebServer().getPort();
            String token = operatorToken(jwtKeys);

            System.gc();
            long heapBefore = usedHeap();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            HeapSampler sampler = new HeapSampler();
            sampler.start();

            long start = System.nanoTime();
            HttpResponse<String> response = upload(servicePort, token, file);
            long acceptedMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("POST → " + response.statusCode() + " " + response.body());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the upload was not accepted: " + response.body());
            }
            String status;
            do {
                Thread.sleep(100);
                status = query(host, port, database, "SELECT status FROM lko.oktmo_version ORDER BY id DESC LIMIT 1");
            } while ("LOADING".equals(status) && System.nanoTime() - start < Duration.ofMinutes(15).toNanos());
            long loadMs = (System.nanoTime() - start) / 1_000_000;
            sampler.interrupt();
            sampler.join();
            long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            String summary = query(host, port, database, "SELECT concat_ws(' | ', status, rows_read, regions,"
                    + " municipalities, populated_places, encoding, round(extract(epoch FROM loaded_at - started_at)"
                    + " * 1000), coalesce(error, '')) FROM lko.oktmo_version ORDER BY id DESC LIMIT 1");
            String entries = query(host, port, database, "SELECT count(*) FROM lko.oktmo_entry");
            System.out.printf("%s after %,d ms; peak heap sampled %,d MiB, pool peaks %,d MiB%n", status, loadMs,
                    sampler.peak / (1 << 20), poolPeaks / (1 << 20));

            String report = report(stamp, written, Files.size(file), generateMs, acceptedMs, loadMs, status, summary,
                    entries, heapBefore, sampler.peak, poolPeaks, host + ":" + port);
            Path results = Path.of("benchmarks", "results");
            Files.createDirectories(results);
            Files.writeString(results.resolve("directory-" + stamp + ".md"), report);
            Files.writeString(results.resolve("directory-latest.md"), report);
            System.out.println(report);
            if (!"CURRENT".equals(status)) {
                System.exit(1);
            }
        } finally {
            if (service != null) {
                service.close();
            }
            sql(host, port, "postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            Files.deleteIfExists(file);
        }
    }

    /** Samples the used heap every 20 ms (the pools' peaks also count garbage the collector had not yet taken). */
    private static final class HeapSampler extends Thread {
        private volatile long peak;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, usedHeap());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Regions, each with a «Муниципальные районы» heading, districts with «Сельские поселения», settlements, each
     * with «Населенные пункты, входящие в состав …» and its populated places, until {@code rows} rows are written.
     */
    static int generate(Path file, int rows) throws IOException {
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, WINDOWS_1251)) {
            for (int region = 1; region <= 99 && written < rows; region++) {
                String ter = String.format("%02d", region);
                written += row(out, ter, "000", "000", "000", 1, "Муниципальные образования субъекта " + region, "");
                written += row(out, ter, "600", "000", "000", 1, "Муниципальные районы субъекта " + region, "");
                for (int district = 1; district <= 99 && written < rows; district++) {
                    String kod1 = String.valueOf(600 + district);
                    written += row(out, ter, kod1, "000", "000", 1, "Район " + region + "-" + district
                            + " муниципальный район", "с Районное");
                    written += row(out, ter, kod1, "400", "000", 1, "Сельские поселения района " + district, "");
                    for (int settlement = 1; settlement <= 10 && written < rows; settlement++) {
                        String kod2 = String.valueOf(400 + settlement);
                        written += row(out, ter, kod1, kod2, "000", 1, "Сельсовет № " + settlement, "с Центральное");
                        written += row(out, ter, kod1, kod2, "000", 2, "Населенные пункты, входящие в состав"
                                + " сельсовета № " + settlement, "");
                        for (int place = 1; place <= 10 && written < rows; place++) {
                            written += row(out, ter, kod1, kod2, String.valueOf(100 + place), 2, "д Ёлкино-" + place,
                                    "");
                        }
                    }
                }
            }
        }
        return written;
    }

    private static int row(BufferedWriter out, String ter, String kod1, String kod2, String kod3, int section,
                           String name, String centre) throws IOException {
        String[] fields = {ter, kod1, kod2, kod3, "1", Integer.toString(section), name, centre, "", "1", "1",
                "01.01.2014", "01.01.2014"};
        StringBuilder line = new StringBuilder(160);
        for (int i = 0; i < fields.length; i++) {
            line.append(i == 0 ? "\"" : ";\"").append(fields[i].replace("\"", "\"\"")).append('"');
        }
        out.write(line.append("\r\n").toString());
        return 1;
    }

    private static ConfigurableApplicationContext start(String host, String port, String database, String stamp,
                                                        KeyPair jwtKeys) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + host + ":" + port + "/" + database + "?schema=lko");
        properties.put("spring.flyway.url", "jdbc:postgresql://" + host + ":" + port + "/" + database);
        properties.put("moku.survey.token.public-key", pem(ec.genKeyPair().getPublic().getEncoded()));
        properties.put("moku.security.jwt.issuer", ISSUER);
        properties.put("moku.security.jwt.public-key", pem(jwtKeys.getPublic().getEncoded()));
        properties.put("moku.messaging.name-prefix", "bench-directory-" + stamp + ".");
        properties.put("moku.messaging.outbox.enabled", "false");
        properties.put("moku.messaging.outbox.listen", "false");
        // The benchmarks module has the Datadog registry on its classpath (another benchmark): not for this one.
        properties.put("management.datadog.metrics.export.enabled", "false");
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return SurveyServiceApplication.builder().run(args.toArray(String[]::new));
    }

    private static String pem(byte[] publicKey) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String operatorToken(KeyPair keys) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("benchmark")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("roles", List.of("operator")).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }

    private static HttpResponse<String> upload(int port, String token, Path file) throws Exception {
        String boundary = "oktmo-benchmark-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"oktmo-"
                + "generated.csv\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/directory/versions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void sql(String host, String port, String database, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + database, "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static String query(String host, String port, String database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/"
                + database, "postgres", "");
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static String report(String stamp, int rows, long bytes, long generateMs, long acceptedMs, long loadMs,
                                 String status, String summary, String entries, long heapBefore, long sampledPeak,
                                 long poolPeaks, String postgres) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        Machine machine = Machine.describeWithoutServers();
        return "# ОКТМО directory load — " + stamp + "\n\n"
                + "`benchmarks/run.sh directory`: a generated classifier loaded through `POST /api/v1/directory/versions`"
                + " by survey-service in this JVM (max heap " + maxHeap / (1 << 20) + " MiB), PostgreSQL " + postgres
                + ".\n\n"
                + "| figure | value |\n|---|---|\n"
                + "| rows in the file (real format, windows-1251) | " + String.format("%,d", rows) + " |\n"
                + "| file size | " + String.format("%,d", bytes) + " bytes |\n"
                + "| generating the file | " + String.format("%,d", generateMs) + " ms |\n"
                + "| upload to `202` (SHA-256, first row checked, version registered) | "
                + String.format("%,d", acceptedMs) + " ms |\n"
                + "| upload to `CURRENT` (load time) | " + String.format("%,d", loadMs) + " ms ("
                + String.format("%,.0f", rows * 1000.0 / Math.max(1, loadMs)) + " rows/s) |\n"
                + "| final status | " + status + " |\n"
                + "| version: status, rows, regions, municipalities, populated places, encoding, started→loaded ms |"
                + " " + summary + " |\n"
                + "| `oktmo_entry` rows | " + entries + " |\n"
                + "| used heap before (after a GC) | " + heapBefore / (1 << 20) + " MiB |\n"
                + "| peak used heap during the load, sampled every 20 ms | " + sampledPeak / (1 << 20) + " MiB |\n"
                + "| sum of the heap pools' peaks (includes garbage not yet collected) | " + poolPeaks / (1 << 20)
                + " MiB |\n\n"
                + "Machine: " + machine + "\n";
    }
}
