package ru.moku.local.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The suite's report as Markdown ({@code chaos/results/<date>.md}): a summary table, then each scenario. */
public final class Report {

    private Report() {
    }

    /**
     * @param title   heading, e.g. "Fault-injection suite — 2026-12-04"
     * @param setting how the run was set up (cards, replicas, machine), one paragraph
     * @param results the scenarios in the order they ran
     */
    public static String markdown(String title, String setting, List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n").append(setting).append("\n\n");
        md.append("| Scenario | Cards | Duration | Fault at | Fault → last card | Recovery | Invariants | Result |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult result : results) {
            long passed = result.checks().stream().filter(Check::pass).count();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d/%d | %s |%n",
                    result.scenario(), result.cards(), seconds(result.duration()), seconds(result.faultStarted()),
                    result.completed() ? seconds(result.faultToLastCard()) : "—",
                    result.completed() ? seconds(result.recovery()) : "not completed", passed,
                    result.checks().size(), result.pass() ? "PASS" : "**FAIL**"));
        }
        long failed = results.stream().filter(result -> !result.pass()).count();
        md.append(String.format(Locale.ROOT, "%n**%s**: %d of %d scenarios passed.%n", failed == 0 ? "PASS" : "FAIL",
                results.size() - failed, results.size()));
        for (ScenarioResult result : results) {
            md.append("\n## ").append(result.scenario()).append(" — ").append(result.pass() ? "PASS" : "FAIL")
                    .append("\n\n").append(result.description()).append("\n\n");
            md.append(String.format(Locale.ROOT, "Cards %d · duration %s · first fault at %s · recovery %s%s%n",
                    result.cards(), seconds(result.duration()), seconds(result.faultStarted()),
                    seconds(result.recovery()), result.completed() ? "" : " · **not every card completed in time**"));
            if (result.error() != null) {
                md.append("\n**Could not run to its checks:** ").append(result.error()).append('\n');
            }
            if (!result.events().isEmpty()) {
                md.append("\nTimeline:\n\n");
                result.events().forEach(event -> md.append("- ").append(event).append('\n'));
            }
            if (!result.checks().isEmpty()) {
                md.append("\n| Invariant | Expected | Actual | |\n|---|---:|---:|---|\n");
                for (Check check : result.checks()) {
                    md.append("| ").append(check.name()).append(" | ").append(check.expected()).append(" | ")
                            .append(check.actual()).append(" | ").append(check.pass() ? "PASS" : "**FAIL**")
                            .append(" |\n");
                }
            }
            if (!result.incidents().isEmpty()) {
                md.append("\nOpen incidents: ").append(new TreeMap<>(result.incidents()).entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            }
        }
        return md.toString();
    }

    /** "12.3 s", "—" for none. */
    static String seconds(Duration duration) {
        return duration == null ? "—" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The incidents map as one line (for the console). */
    static String incidents(Map<String, Long> incidents) {
        return incidents.isEmpty() ? "none" : new TreeMap<>(incidents).toString();
    }
}
