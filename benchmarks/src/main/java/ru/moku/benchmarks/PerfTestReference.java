package ru.moku.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phase c: what RabbitMQ on this machine does alone — RabbitMQ PerfTest, one producer and one
 * consumer, persistent 1 KB messages with publisher confirms (at most {@value #CONFIRM_WINDOW}
 * unconfirmed), the same durability the platform asks of the broker. Runs in a child JVM (same
 * {@code java}, same class path) because {@code PerfTest.main} ends with {@code System.exit}.
 */
public final class PerfTestReference {

    static final String MAIN_CLASS = "com.rabbitmq.perf.PerfTest";
    static final int CONFIRM_WINDOW = 256;
    static final int MESSAGE_BYTES = 1024;
    static final String QUEUE = Environment.PREFIX + "perftest";
    /** Extra time the child gets beyond its run time (JVM start, connection, shutdown). */
    private static final long GRACE_SECONDS = 60;

    private static final Pattern SENDING_AVG = Pattern.compile("sending rate avg: (\\d+) msg/s");
    private static final Pattern RECEIVING_AVG = Pattern.compile("receiving rate avg: (\\d+) msg/s");
    private static final Pattern SAMPLE = Pattern.compile("time ([\\d.]+) s, sent: (\\d+) msg/s.*received: (\\d+) msg/s");
    private static final Pattern CONSUMER_LATENCY = Pattern.compile(
            "consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");
    private static final Pattern CONFIRM_LATENCY = Pattern.compile(
            "confirm latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");

    private PerfTestReference() {
    }

    /**
     * What PerfTest reported.
     *
     * @param arguments          its command-line arguments
     * @param seconds            its run time
     * @param exitCode           the child's exit code (-1 if it had to be killed)
     * @param sendingAvg         "sending rate avg", msg/s, over the whole run
     * @param receivingAvg       "receiving rate avg", msg/s, over the whole run
     * @param steadyReceiving    mean of the per-second received rates after the first {@code skippedSeconds} (half the run)
     * @param skippedSeconds     seconds of ramp-up left out of {@code steadyReceiving}
     * @param consumerLatencyMs  median and 99th percentile of the consumer latency, ms
     * @param confirmLatencyMs   median and 99th percentile of the confirm latency, ms
     */
    public record Figures(List<String> arguments, int seconds, int exitCode, OptionalDouble sendingAvg,
                   OptionalDouble receivingAvg, OptionalDouble steadyReceiving, int skippedSeconds,
                   double[] consumerLatencyMs, double[] confirmLatencyMs) {

        public boolean complete() {
            return exitCode == 0 && receivingAvg.isPresent();
        }

        /**
         * The rate the intake is compared with: the steady received rate, ramp-up left out as the intake
         * phases leave out their warm-up (the higher, stricter figure); the whole-run average without samples.
         */
        public OptionalDouble reference() {
            return steadyReceiving.isPresent() ? steadyReceiving : receivingAvg;
        }
    }

    public static Figures run(int seconds, Consumer<String> out) throws InterruptedException, IOException {
        List<String> arguments = List.of(
                "--uri", "amqp://guest:guest@" + Environment.HOST + ":" + Environment.RABBITMQ_PORT,
                "--producers", "1", "--consumers", "1",
                "--flag", "persistent", "--confirm", String.valueOf(CONFIRM_WINDOW),
                "--size", String.valueOf(MESSAGE_BYTES),
                "--time", String.valueOf(seconds),
                "--queue", QUEUE, "--auto-delete", "true");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        // Named explicitly, so logback does not look for logback.xml on the class path, find two (this
        // module's and local-platform's) and print its status because of it.
        command.add("-Dlogback.configurationFile=logback.xml");
        command.add(MAIN_CLASS);
        command.addAll(arguments);

        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> readLines(process, lines, out), "perftest-output");
        reader.setDaemon(true);
        reader.start();
        int exitCode;
        if (process.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS)) {
            exitCode = process.exitValue();
        } else {
            out.accept("    PerfTest did not stop in time; killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            exitCode = -1;
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return parse(arguments, seconds, exitCode, List.copyOf(lines));
    }

    static Figures parse(List<String> arguments, int seconds, int exitCode, List<String> lines) {
        // PerfTest's client JVM and the broker still speed up for several seconds (JIT): only the second
        // half of the run counts as steady, as the intake phases count only after their warm-up.
        int skipped = seconds / 2;
        OptionalDouble sending = OptionalDouble.empty();
        OptionalDouble receiving = OptionalDouble.empty();
        double[] consumerLatency = null;
        double[] confirmLatency = null;
        List<Double> steadySamples = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher;
            if ((matcher = SENDING_AVG.matcher(line)).find()) {
                sending = OptionalDouble.of(Double.parseDouble(matcher.group(1)));
            } else if ((matcher = RECEIVING_AVG.matcher(line)).find()) {
                receiving = OptionalDouble.of(Double.parseDouble(matcher.group(1)));
            } else if ((matcher = SAMPLE.matcher(line)).find()) {
                if (Double.parseDouble(matcher.group(1)) > skipped + 0.5) {
                    steadySamples.add(Double.parseDouble(matcher.group(3)));
                }
            } else if ((matcher = CONSUMER_LATENCY.matcher(line)).find()) {
                consumerLatency = medianAnd99th(matcher);
            } else if ((matcher = CONFIRM_LATENCY.matcher(line)).find()) {
                confirmLatency = medianAnd99th(matcher);
            }
        }
        OptionalDouble steady = !steadySamples.isEmpty()
                ? steadySamples.stream().mapToDouble(Double::doubleValue).average()
                : OptionalDouble.empty();
        return new Figures(arguments, seconds, exitCode, sending, receiving, steady, skipped, consumerLatency,
                confirmLatency);
    }

    private static double[] medianAnd99th(Matcher matcher) {
        return new double[] {Long.parseLong(matcher.group(2)) / 1000.0, Long.parseLong(matcher.group(5)) / 1000.0};
    }

    private static void readLines(Process process, List<String> lines, Consumer<String> out) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                out.accept("    perftest | " + line);
            }
        } catch (IOException e) {
            lines.add("(output could not be read: " + e.getMessage() + ")");
        }
    }

    static String describe(Figures figures) {
        return String.format(Locale.ROOT, "java %s %s", MAIN_CLASS, String.join(" ", figures.arguments()));
    }
}
