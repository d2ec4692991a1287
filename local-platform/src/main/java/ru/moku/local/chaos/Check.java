package ru.moku.local.chaos;

/**
 * One invariant judged after a scenario: what was expected, what the databases and simulators said, and whether that
 * holds.
 *
 * @param name     what is checked, e.g. "SMEV message → exactly one card"
 * @param expected the expected figure
 * @param actual   the figure found (with what is wrong when it is, e.g. "9998 (missing 2)")
 * @param pass     whether it holds
 */
public record Check(String name, String expected, String actual, boolean pass) {

    /** A count that must equal {@code expected}; {@code detail} (may be empty) follows the actual figure. */
    static Check equal(String name, long expected, long actual, String detail) {
        return new Check(name, String.valueOf(expected), actual + (detail.isEmpty() ? "" : " (" + detail + ")"),
                expected == actual);
    }
}
