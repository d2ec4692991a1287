package ru.moku.local.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario.
 *
 * @param scenario     its name
 * @param description  what was injected
 * @param cards        SMEV messages of its batch (one card each)
 * @param duration     from queueing the batch to the last card at its end stage (or the timeout)
 * @param faultStarted from queueing the batch to the first fault, {@code null} without a fault
 * @param recovery     from the end of the last fault (everything restored) to the last card's completion;
 *                     {@code null} when there was no fault or the batch never completed
 * @param completed    whether every card reached its end stage within the timeout
 * @param events       what the suite did and when, e.g. "+41.2 s kill -9 gateway-1"
 * @param checks       the invariants judged
 * @param incidents    open incidents by schema and kind (information)
 * @param error        why the scenario could not run to its checks, {@code null} when it did
 */
public record ScenarioResult(String scenario, String description, int cards, Duration duration, Duration faultStarted,
                             Duration recovery, boolean completed, List<String> events, List<Check> checks,
                             Map<String, Long> incidents, String error) {

    public ScenarioResult {
        events = List.copyOf(events);
        checks = List.copyOf(checks);
        incidents = Map.copyOf(incidents);
    }

    /** From the first fault to the last card's completion; {@code null} without a fault. */
    public Duration faultToLastCard() {
        return faultStarted == null ? null : duration.minus(faultStarted);
    }

    /** Whether it ran, completed and every invariant holds. */
    public boolean pass() {
        return error == null && completed && !checks.isEmpty() && Invariants.allPass(checks);
    }

    /** A scenario that could not be run to its checks. */
    public static ScenarioResult failed(String scenario, String description, int cards, Duration duration,
                                        List<String> events, String error) {
        return new ScenarioResult(scenario, description, cards, duration, null, null, false, events, List.of(),
                Map.of(), error);
    }
}
