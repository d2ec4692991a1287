package ru.moku.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the machine's CPU went during a measured interval: this JVM (the platform and its load
 * generator), PostgreSQL, RabbitMQ, and everything else. "Everything else" well above zero means
 * the machine was not idle and the figures are low for that reason; the split also shows whether
 * intake is bound by the JVM or by the servers. Read from {@code /proc} (Linux); elsewhere the
 * readings are empty and the report says so.
 */
public final class CpuAccount {

    /** Linux reports process and system CPU time in ticks of 1/100 s (USER_HZ) on every common platform. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC = Path.of("/proc");

    private CpuAccount() {
    }

    /** CPU time so far, in ticks: of the whole machine, and of every process by its id. */
    public record Reading(long nanoTime, long machineBusy, Map<Long, ProcessTicks> processes) {
    }

    /**
     * Average cores busy over an interval (2.0 = both cores of a 2-core machine all the time).
     *
     * @param self     this JVM
     * @param postgres all {@code postgres} processes
     * @param rabbitmq the RabbitMQ node ({@code beam.smp})
     * @param others   every other process, including those that started and ended within the interval
     * @param seconds  length of the interval
     */
    record Split(double self, double postgres, double rabbitmq, double others, double seconds) {

        String describe() {
            return String.format(Locale.ROOT, "this JVM %.2f · PostgreSQL %.2f · RabbitMQ %.2f · other processes %.2f",
                    self, postgres, rabbitmq, others);
        }

        /** CPU milliseconds per message of {@code cores} busy over the interval, for {@code messages} messages. */
        double millisPerMessage(double cores, long messages) {
            return messages <= 0 ? Double.NaN : cores * seconds * 1000.0 / messages;
        }
    }

    /** How busy each process is with the platform started and nothing sent: the idle baseline over {@code length}. */
    static Optional<Split> idle(java.time.Duration length) throws InterruptedException {
        Optional<Reading> start = read();
        Thread.sleep(length.toMillis());
        return between(start, read());
    }

    public static Optional<Reading> read() {
        try {
            Map<Long, ProcessTicks> processes = new HashMap<>();
            try (DirectoryStream<Path> directories = Files.newDirectoryStream(PROC, "[0-9]*")) {
                for (Path directory : directories) {
                    ProcessTicks.of(directory).ifPresent(ticks ->
                            processes.put(Long.parseLong(directory.getFileName().toString()), ticks));
                }
            }
            return Optional.of(new Reading(System.nanoTime(), machineBusy(), processes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Split> between(Optional<Reading> start, Optional<Reading> end) {
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        long selfPid = ProcessHandle.current().pid();
        long self = 0;
        long postgres = 0;
        long rabbitmq = 0;
        // Processes alive at the end: what they used since the start (all of it if they started later).
        // One that ended in between is not seen here, and its time counts as "other processes".
        for (Map.Entry<Long, ProcessTicks> process : end.get().processes().entrySet()) {
            ProcessTicks before = start.get().processes().get(process.getKey());
            long used = process.getValue().ticks() - (before == null ? 0 : before.ticks());
            if (process.getKey() == selfPid) {
                self += used;
            } else if (process.getValue().command().equals("postgres")) {
                postgres += used;
            } else if (process.getValue().command().equals("beam.smp")) {
                rabbitmq += used;
            }
        }
        double seconds = Math.max(1e-9, (end.get().nanoTime() - start.get().nanoTime()) / 1e9);
        double machine = cores(end.get().machineBusy() - start.get().machineBusy(), seconds);
        double selfCores = cores(self, seconds);
        double postgresCores = cores(postgres, seconds);
        double rabbitmqCores = cores(rabbitmq, seconds);
        return Optional.of(new Split(selfCores, postgresCores, rabbitmqCores,
                Math.max(0, machine - selfCores - postgresCores - rabbitmqCores), seconds));
    }

    /**
     * Average cores busy over an interval (2.0 = both cores of a 2-core machine all the time), for a benchmark
     * whose counterpart runs in a child JVM rather than in PostgreSQL and RabbitMQ.
     *
     * @param self   this JVM
     * @param child  the child process (with all its threads)
     * @param others every other process, including those that started and ended within the interval
     */
    public record ChildSplit(double self, double child, double others) {

        public String describe(String childName) {
            return String.format(Locale.ROOT, "this JVM %.2f · %s %.2f · other processes %.2f",
                    self, childName, child, others);
        }
    }

    /** Like {@link #between(Optional, Optional)}, with one child process instead of PostgreSQL and RabbitMQ. */
    public static Optional<ChildSplit> between(Optional<Reading> start, Optional<Reading> end, long childPid) {
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        double seconds = Math.max(1e-9, (end.get().nanoTime() - start.get().nanoTime()) / 1e9);
        double self = cores(used(start.get(), end.get(), ProcessHandle.current().pid()), seconds);
        double child = cores(used(start.get(), end.get(), childPid), seconds);
        double machine = cores(end.get().machineBusy() - start.get().machineBusy(), seconds);
        return Optional.of(new ChildSplit(self, child, Math.max(0, machine - self - child)));
    }

    private static long used(Reading start, Reading end, long pid) {
        ProcessTicks before = start.processes().get(pid);
        ProcessTicks after = end.processes().get(pid);
        return after == null ? 0 : after.ticks() - (before == null ? 0 : before.ticks());
    }

    private static double cores(long ticks, double seconds) {
        return ticks / TICKS_PER_SECOND / seconds;
    }

    /** user + nice + system + irq + softirq of all CPUs: time the machine spent running something. */
    private static long machineBusy() throws IOException {
        String[] fields = Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int field : List.of(1, 2, 3, 6, 7)) {
            busy += Long.parseLong(fields[field]);
        }
        return busy;
    }

    /** One process's command name and user + system CPU ticks (all its threads). */
    public record ProcessTicks(String command, long ticks) {

        static Optional<ProcessTicks> of(Path process) {
            try {
                String stat = Files.readString(process.resolve("stat"));
                // The command is in parentheses and may itself contain spaces or parentheses.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] rest = stat.substring(close + 2).split(" ");
                // After the command: state is field 3 of stat(5), utime 14 and stime 15, so rest[11] and rest[12].
                return Optional.of(new ProcessTicks(stat.substring(open + 1, close),
                        Long.parseLong(rest[11]) + Long.parseLong(rest[12])));
            } catch (IOException | RuntimeException e) {
                // The process ended while we were reading: its time shows up under "other processes".
                return Optional.empty();
            }
        }
    }
}
