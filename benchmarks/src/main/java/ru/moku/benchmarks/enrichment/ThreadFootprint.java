package ru.moku.benchmarks.enrichment;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * What this JVM's threads cost while a client runs: how many there are, and the memory of their stacks as
 * Native Memory Tracking reports it (reserved = address space, {@code -Xss} per thread; committed = pages
 * actually touched). NMT is on only when the JVM was started with {@code -XX:NativeMemoryTracking=summary}
 * ({@code run.sh} does); without it the stack figures are empty.
 *
 * @param liveThreads       threads alive in this JVM
 * @param stackReservedKb   reserved thread stack, KiB; empty without NMT
 * @param stackCommittedKb  committed thread stack, KiB; empty without NMT
 */
record ThreadFootprint(int liveThreads, OptionalLong stackReservedKb, OptionalLong stackCommittedKb) {

    /** JDK 17's summary line, e.g. {@code (stack: reserved=532480KB, committed=26336KB)}. */
    private static final Pattern STACK = Pattern.compile("\\(stack: reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    static ThreadFootprint now() {
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        try {
            Object summary = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher stack = STACK.matcher(String.valueOf(summary));
            if (stack.find()) {
                return new ThreadFootprint(threads, OptionalLong.of(Long.parseLong(stack.group(1))),
                        OptionalLong.of(Long.parseLong(stack.group(2))));
            }
        } catch (Exception | LinkageError e) {
            // No diagnostic command or no NMT: threads only.
        }
        return new ThreadFootprint(threads, OptionalLong.empty(), OptionalLong.empty());
    }

    String describe() {
        if (stackCommittedKb.isEmpty()) {
            return liveThreads + " threads (stack memory unknown: start the JVM with -XX:NativeMemoryTracking=summary)";
        }
        return String.format(Locale.ROOT, "%d threads; thread stacks %.1f MiB committed, %.0f MiB reserved",
                liveThreads, stackCommittedKb.getAsLong() / 1024.0, stackReservedKb.getAsLong() / 1024.0);
    }
}
