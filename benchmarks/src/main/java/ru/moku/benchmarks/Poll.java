package ru.moku.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waiting on the driver's main thread for something the platform does: polls a condition every
 * {@link #INTERVAL} (which bounds the timing error of a measured interval), prints a progress line
 * every {@link #PROGRESS_EVERY}, and gives up after a timeout.
 */
public final class Poll {

    public static final Duration INTERVAL = Duration.ofMillis(100);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private Poll() {
    }

    /**
     * Polls {@code done} until it holds or {@code timeout} passes.
     *
     * @return the {@link System#nanoTime()} at which {@code done} was first seen to hold; empty on timeout
     */
    public static OptionalLong until(BooleanSupplier done, Duration timeout, Supplier<String> progress, Consumer<String> out)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        while (true) {
            if (done.getAsBoolean()) {
                return OptionalLong.of(System.nanoTime());
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                out.accept(String.format(Locale.ROOT, "    gave up after %.0f s: %s", timeout.toMillis() / 1000.0,
                        progress.get()));
                return OptionalLong.empty();
            }
            if (now - nextProgress >= 0) {
                out.accept(String.format(Locale.ROOT, "    %5.1f s  %s", (now - started) / 1e9, progress.get()));
                nextProgress += PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }
}
