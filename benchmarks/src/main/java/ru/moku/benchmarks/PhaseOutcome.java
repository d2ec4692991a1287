package ru.moku.benchmarks;

/**
 * A phase's figures, or why there are none: a phase that fails is reported as failed, and the
 * phases after it still run (each starts its own platform from a clean database).
 *
 * @param figures what was measured; null if the phase failed
 * @param failure what went wrong; null if the phase ran
 */
record PhaseOutcome<T>(T figures, String failure) {

    static <T> PhaseOutcome<T> measured(T figures) {
        return new PhaseOutcome<>(figures, null);
    }

    static <T> PhaseOutcome<T> failed(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new PhaseOutcome<>(null, message);
    }

    boolean ran() {
        return figures != null;
    }
}
