package ru.moku.benchmarks.enrichment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import ru.moku.local.Platform;
import ru.moku.simulators.dadata.DadataSimulatorApplication;
import ru.moku.simulators.dadata.DadataStats;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Dadata simulator in a child JVM (same {@code java}, same class path), on a free port of 127.0.0.1,
 * driven through its admin API ({@code /admin/dadata/faults}, {@code /admin/dadata/stats}). A child JVM so
 * that the client's CPU, threads and heap in the benchmark JVM are the client's alone, and the simulator's
 * CPU can be told apart ({@code /proc/<pid>}); both still share the machine's cores.
 */
public final class DadataSimulatorProcess implements AutoCloseable {

    /** The simulator's default key ({@code dadata-simulator.yml}). */
    public static final String API_KEY = "dadata-simulator-key";
    /** Its own heap: the directory caches up to 2,000 generated parties, ~1 MB each for a large one. */
    static final String HEAP = "-Xmx1g";
    /** Long enough for a machine shared with builds (load 25 on 2 cores: 2 minutes were not enough). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    /**
     * The benchmark's class path brings R2DBC, JDBC and Flyway (the services'); the simulator has no
     * database, so their auto-configurations are switched off, as local-platform does for its simulators.
     */
    private static final List<String> NO_DATABASE = Platform.SIMULATOR_EXCLUDES;

    private final Process process;
    private final String baseUrl;
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> output = new ArrayList<>();

    private DadataSimulatorProcess(Process process, int port, Consumer<String> out) {
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + port;
        Thread reader = new Thread(() -> readLines(out), "dadata-simulator-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the simulator and waits until its admin API answers. */
    public static DadataSimulatorProcess start(Consumer<String> out) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", HEAP,
                "-cp", System.getProperty("java.class.path"),
                // Named explicitly, so logback does not find two logback.xml on the class path and say so.
                "-Dlogback.configurationFile=logback.xml",
                DadataSimulatorApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--spring.autoconfigure.exclude=" + String.join(",", NO_DATABASE),
                // PerfTest (the intake benchmark's) brings Micrometer's Datadog and JMX registries onto the class path.
                "--management.datadog.metrics.export.enabled=false",
                "--management.jmx.metrics.export.enabled=false"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        DadataSimulatorProcess simulator = new DadataSimulatorProcess(process, port, out);
        try {
            simulator.awaitStarted();
        } catch (IOException | InterruptedException | RuntimeException e) {
            simulator.close();
            throw e;
        }
        return simulator;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Replaces the injected faults with a fixed latency and a per-second limit (0 = none), everything else off;
     * starts a fresh rate window.
     */
    public void faults(Duration latency, int rateLimit) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("latency", latency.toMillis() + "ms", "rateLimit", rateLimit));
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/dadata/faults"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), 200);
    }

    public void resetStats() throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/dadata/stats")).DELETE(), 204);
    }

    /** What {@code findById/party} received since the last {@link #resetStats()}. */
    public DadataStats stats() throws IOException, InterruptedException {
        String body = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/dadata/stats")).GET(), 200);
        return json.readValue(body, DadataStats.class);
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = admin.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("the simulator answered " + response.statusCode() + " to "
                    + response.request().method() + " " + response.request().uri() + ": " + response.body());
        }
        return response.body();
    }

    private void awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Dadata simulator exited with " + process.exitValue() + ":\n"
                        + lastLines());
            }
            try {
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/dadata/faults")).GET(), 200);
                return;
            } catch (ConnectException notYet) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("the Dadata simulator did not start within " + START_TIMEOUT
                            + ":\n" + lastLines());
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void readLines(Consumer<String> out) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                out.accept("    simulator | " + line);
            }
        } catch (IOException e) {
            // The child was stopped: nothing more to read.
        }
    }

    private String lastLines() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
