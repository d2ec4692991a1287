package ru.moku.benchmarks.chain;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import ru.moku.local.cluster.ProcessCluster;
import ru.moku.local.cluster.Replica;
import ru.moku.model.messaging.Destinations;

/**
 * Samples, every {@code interval} on a thread of its own, what a drain must keep flat: each service's heap (from its
 * {@code /actuator/prometheus} on the management port: used heap, and the live data after the last major GC), every
 * process's resident set ({@code VmRSS}), and the depth of every RabbitMQ work queue and its dead-letter queue
 * (passive declares). Keeps the peak of each and, per window ({@link #startWindow()}), the peaks since the window
 * began: the backlog report's per-tenth rows.
 */
final class ClusterSampler implements AutoCloseable {

    private static final double MIB = 1024.0 * 1024.0;

    private final ProcessCluster cluster;
    private final List<Replica> services;
    private final List<Replica> all;
    private final String rabbitHost;
    private final String prefix;
    private final Duration interval;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean stopped;

    /** Peaks over the whole run, in MiB / messages. */
    final Map<String, Double> heapPeak = new ConcurrentHashMap<>();
    final Map<String, Double> liveDataPeak = new ConcurrentHashMap<>();
    final Map<String, Double> heapMax = new ConcurrentHashMap<>();
    final Map<String, Double> rssPeak = new ConcurrentHashMap<>();
    final Map<String, Long> queuePeak = new ConcurrentHashMap<>();
    final Map<String, Long> queueLast = new ConcurrentHashMap<>();
    /** Peaks since the window began. */
    private final AtomicLong windowQueuePeak = new AtomicLong();
    private volatile double windowHeapPeak;
    private volatile double windowLiveDataPeak;
    private final AtomicLong samples = new AtomicLong();

    ClusterSampler(ProcessCluster cluster, List<Replica> services, String rabbitHost, String prefix,
                   Duration interval) {
        this.cluster = cluster;
        this.services = List.copyOf(services);
        this.all = cluster.replicas();
        this.rabbitHost = rabbitHost;
        this.prefix = prefix;
        this.interval = interval;
        this.thread = new Thread(this::loop, "cluster-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Peaks of one window: the largest summed work-queue depth, the largest heap and live data of any service. */
    record Window(long queuePeak, double heapPeakMib, double liveDataPeakMib) {
    }

    /** Ends the current window (returning its peaks) and starts the next. */
    synchronized Window startWindow() {
        Window window = new Window(windowQueuePeak.getAndSet(0), windowHeapPeak, windowLiveDataPeak);
        windowHeapPeak = 0;
        windowLiveDataPeak = 0;
        return window;
    }

    long samples() {
        return samples.get();
    }

    private void loop() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        Connection connection = null;
        while (!stopped) {
            long began = System.nanoTime();
            try {
                if (connection == null || !connection.isOpen()) {
                    connection = factory.newConnection("moku-bench-sampler");
                }
                sampleQueues(connection);
            } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                // RabbitMQ not answering for a moment: next round.
            }
            services.forEach(this::sampleHeap);
            all.forEach(this::sampleRss);
            samples.incrementAndGet();
            long left = interval.toNanos() - (System.nanoTime() - began);
            if (left > 0) {
                try {
                    Thread.sleep(left / 1_000_000);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
        }
    }

    private void sampleQueues(Connection connection) throws IOException {
        long total = 0;
        for (Destinations.WorkQueue queue : Destinations.WORK_QUEUES) {
            for (String name : List.of(queue.queue(), queue.deadLetterQueue())) {
                long depth = depth(connection, prefix + name);
                if (depth >= 0) {
                    queuePeak.merge(name, depth, Math::max);
                    queueLast.put(name, depth);
                    if (name.equals(queue.queue())) {
                        total += depth;
                    }
                }
            }
        }
        long sum = total;
        windowQueuePeak.accumulateAndGet(sum, Math::max);
    }

    /** Messages ready in the queue; -1 if it does not exist (a passive declare of a missing queue closes the channel). */
    private static long depth(Connection connection, String queue) throws IOException {
        Channel channel = connection.createChannel();
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            return -1;
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                    // gone anyway
                }
            }
        }
    }

    private void sampleHeap(Replica replica) {
        String text;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.managementUrl(replica) + "/prometheus"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            text = response.body();
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        double used = 0;
        double max = 0;
        double live = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += value(line);
            } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                double value = value(line);
                max += value > 0 ? value : 0;
            } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                live = value(line);
            }
        }
        String name = replica.name();
        double usedMib = used / MIB;
        heapPeak.merge(name, usedMib, Math::max);
        heapMax.put(name, max / MIB);
        if (live >= 0) {
            liveDataPeak.merge(name, live / MIB, Math::max);
        }
        synchronized (this) {
            windowHeapPeak = Math.max(windowHeapPeak, usedMib);
            windowLiveDataPeak = Math.max(windowLiveDataPeak, live / MIB);
        }
    }

    private static double value(String line) {
        String[] parts = line.trim().split("\\s+");
        try {
            return Double.parseDouble(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void sampleRss(Replica replica) {
        cluster.pid(replica).ifPresent(pid -> rss(pid).ifPresent(mib -> rssPeak.merge(replica.name(), mib, Math::max)));
    }

    /** The process's resident set in MiB ({@code VmRSS} of {@code /proc/<pid>/status}). */
    static java.util.Optional<Double> rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return java.util.Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return java.util.Optional.empty();
    }

    /** Queue depths now, by logical name (work queues, then dead-letter queues), for the report. */
    Map<String, Long> lastDepths() {
        return new LinkedHashMap<>(queueLast);
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
