package ru.moku.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of this JVM's threads, grouped by the name of the pool they belong to, over a measured interval. The
 * platform's services share the benchmark JVM, so {@link CpuAccount} sees them as one process; the crypto pools have
 * names of their own (the gateway's signing and verifying workers, the SMEV simulator's crypto pool), and their
 * threads' CPU time says what signing and verifying cost inside it.
 *
 * <p>A thread's CPU time can only be read while it lives, and the pools' threads end after a minute idle: a sampler
 * reads every thread every {@link #SAMPLE_EVERY_MILLIS} ms and keeps the last value it saw, so a thread that ended
 * within the interval loses at most that much of its time. HotSpot's JIT compiler threads are hidden from
 * {@code ThreadMXBean}, so the JIT cannot be counted apart here.
 */
final class ThreadCpu implements AutoCloseable {

    static final long SAMPLE_EVERY_MILLIS = 250;

    /** Thread name prefixes of each group, most specific first; the first that matches wins. */
    static final Map<String, List<String>> GROUPS = groups();

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        // simulators.smev: with signing or caller verification on, its whole SOAP endpoint runs on this pool.
        groups.put(Group.SIMULATOR_CRYPTO, List.of("smev-simulator-crypto"));
        // gateway: moku.gateway.smev.crypto-workers, one pool that signs our requests and verifies what comes in.
        groups.put(Group.GATEWAY_CRYPTO, List.of("smev-crypto"));
        groups.put(Group.CLIENT_SIGNING, List.of(Group.CLIENT_SIGNING_THREAD));
        return groups;
    }

    /** The groups' names as the report prints them. */
    static final class Group {
        static final String SIMULATOR_CRYPTO = "SMEV simulator's crypto pool (its whole SOAP endpoint when signing)";
        static final String GATEWAY_CRYPTO = "gateway signing and verifying (smev-crypto-*)";
        static final String CLIENT_SIGNING = "benchmark client signing push envelopes";
        static final String CLIENT_SIGNING_THREAD = "bench-sign";

        private Group() {
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Last CPU nanoseconds seen per thread id, and the thread's name. */
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final ScheduledExecutorService sampler;

    private ThreadCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-thread-cpu");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling; {@link #close()} stops it. */
    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        cpu.sample();
        cpu.sampler.scheduleAtFixedRate(cpu::sample, SAMPLE_EVERY_MILLIS, SAMPLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return cpu;
    }

    /** CPU nanoseconds per group so far: what {@link #since(Snapshot)} subtracts from a later one. */
    record Snapshot(Map<Long, Long> nanos, Map<Long, String> names) {
    }

    synchronized Snapshot snapshot() {
        sampleLocked();
        return new Snapshot(Map.copyOf(lastNanos), Map.copyOf(names));
    }

    /**
     * CPU milliseconds each group used between {@code start} and now, and how many threads of it ran; groups with no
     * thread are left out.
     */
    synchronized Map<String, GroupTime> since(Snapshot start) {
        sampleLocked();
        Map<String, GroupTime> used = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> thread : lastNanos.entrySet()) {
            String group = groupOf(names.get(thread.getKey()));
            if (group == null) {
                continue;
            }
            long nanos = thread.getValue() - start.nanos().getOrDefault(thread.getKey(), 0L);
            if (nanos > 0) {
                used.merge(group, new GroupTime(nanos / 1e6, 1), GroupTime::plus);
            }
        }
        Map<String, GroupTime> ordered = new LinkedHashMap<>();
        GROUPS.keySet().forEach(group -> {
            if (used.containsKey(group)) {
                ordered.put(group, used.get(group));
            }
        });
        return ordered;
    }

    /**
     * @param cpuMillis CPU milliseconds of the group's threads
     * @param threads   threads of the group that used CPU
     */
    record GroupTime(double cpuMillis, int threads) {
        GroupTime plus(GroupTime other) {
            return new GroupTime(cpuMillis + other.cpuMillis, threads + other.threads);
        }
    }

    static String groupOf(String threadName) {
        if (threadName == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            for (String prefix : group.getValue()) {
                if (threadName.startsWith(prefix)) {
                    return group.getKey();
                }
            }
        }
        return null;
    }

    private synchronized void sample() {
        sampleLocked();
    }

    private void sampleLocked() {
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(ids[i]);
            if (nanos >= 0) {
                lastNanos.put(ids[i], nanos);
                names.putIfAbsent(ids[i], infos[i].getThreadName());
            }
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
