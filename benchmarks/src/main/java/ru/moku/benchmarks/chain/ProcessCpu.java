package ru.moku.benchmarks.chain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ru.moku.benchmarks.CpuAccount;

/**
 * CPU time of the run's processes by name: each service replica and simulator (by the pid {@code ProcessCluster}
 * started), the Kafka broker, RabbitMQ ({@code beam.smp}), PostgreSQL split into this run's backends (the pids
 * {@code pg_stat_activity} shows for the run's database), the benchmark's own counting connection and every other
 * {@code postgres} process (the server's background processes and other databases' backends: the machine is shared),
 * this JVM (the driver), and the rest of the machine. Read from {@code /proc/<pid>/stat} (utime + stime of all threads)
 * and {@code /proc/stat}.
 */
final class ProcessCpu {

    static final String DRIVER = "benchmark driver (this JVM)";
    static final String RABBITMQ = "RabbitMQ (beam.smp)";
    static final String POSTGRES_RUN = "PostgreSQL: this run's backends";
    static final String POSTGRES_COUNTING = "PostgreSQL: the benchmark's counting connection";
    static final String POSTGRES_OTHER = "PostgreSQL: other postgres processes (server's own, other databases)";
    static final String KAFKA = "Kafka broker";
    static final String OTHERS = "other processes (not this run: the machine's other load)";

    /** Linux reports CPU time in ticks of 1/100 s (USER_HZ). */
    private static final double MILLIS_PER_TICK = 10.0;

    private ProcessCpu() {
    }

    /** A reading: every process's ticks and the label each got at that moment. */
    record Reading(CpuAccount.Reading cpu, Map<Long, String> labels) {
    }

    /**
     * Ticks used by each label between two readings (labels as at the end: a backend that joined the run's database in
     * between is the run's), the machine's busy ticks, and the interval's length.
     */
    record Interval(Map<String, Long> ticks, long machineTicks, double seconds) {

        double millis(String label) {
            return ticks.getOrDefault(label, 0L) * MILLIS_PER_TICK;
        }

        double millisPerCard(String label, long cards) {
            return cards <= 0 ? Double.NaN : millis(label) / cards;
        }

        /** Average cores busy under {@code label}. */
        double cores(String label) {
            return millis(label) / 1000.0 / seconds;
        }

        double machineCores() {
            return machineTicks * MILLIS_PER_TICK / 1000.0 / seconds;
        }
    }

    /**
     * Reads every process now.
     *
     * @param known       labels of known pids (the cluster's processes)
     * @param runBackends pids of this run's PostgreSQL backends
     * @param counting    pid of the benchmark's own counting backend (-1 if none)
     */
    static Optional<Reading> read(Map<Long, String> known, Set<Long> runBackends, long counting) {
        Optional<CpuAccount.Reading> cpu = CpuAccount.read();
        if (cpu.isEmpty()) {
            return Optional.empty();
        }
        long self = ProcessHandle.current().pid();
        Map<Long, String> labels = new LinkedHashMap<>();
        cpu.get().processes().forEach((pid, process) -> {
            String label = known.get(pid);
            if (label == null) {
                if (pid == self) {
                    label = DRIVER;
                } else if (process.command().equals("postgres")) {
                    label = pid == counting ? POSTGRES_COUNTING
                            : runBackends.contains(pid) ? POSTGRES_RUN : POSTGRES_OTHER;
                } else if (process.command().equals("beam.smp")) {
                    label = RABBITMQ;
                }
            }
            if (label != null) {
                labels.put(pid, label);
            }
        });
        return Optional.of(new Reading(cpu.get(), labels));
    }

    static Optional<Interval> between(Optional<Reading> start, Optional<Reading> end, List<String> order) {
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> ticks = new LinkedHashMap<>();
        order.forEach(label -> ticks.put(label, 0L));
        long labelled = 0;
        for (Map.Entry<Long, String> entry : end.get().labels().entrySet()) {
            CpuAccount.ProcessTicks after = end.get().cpu().processes().get(entry.getKey());
            CpuAccount.ProcessTicks before = start.get().cpu().processes().get(entry.getKey());
            long used = after.ticks() - (before == null ? 0 : before.ticks());
            ticks.merge(entry.getValue(), used, Long::sum);
            labelled += used;
        }
        long machine = end.get().cpu().machineBusy() - start.get().cpu().machineBusy();
        ticks.put(OTHERS, Math.max(0, machine - labelled));
        double seconds = Math.max(1e-9, (end.get().cpu().nanoTime() - start.get().cpu().nanoTime()) / 1e9);
        return Optional.of(new Interval(ticks, machine, seconds));
    }
}
