package ru.moku.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code --name=value} options of the project's command-line drivers (the local run, the benchmarks): read once
 * here, each value checked with a message that names its option.
 */
public final class CommandLineOptions {

    private CommandLineOptions() {
    }

    /**
     * The options by name, in the order given; {@code --flag} alone means {@code true}.
     *
     * @throws IllegalArgumentException for an argument that is not an option
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            values.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        return values;
    }

    /** A whole number ({@code 20_000} allowed). */
    public static int integer(Map.Entry<String, String> option) {
        try {
            return Integer.parseInt(option.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option.getKey() + " must be a whole number, not '"
                    + option.getValue() + "'");
        }
    }

    /** A number such as {@code 0.05}. */
    public static double decimal(Map.Entry<String, String> option) {
        try {
            return Double.parseDouble(option.getValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option.getKey() + " must be a number, not '"
                    + option.getValue() + "'");
        }
    }

    /** A duration: {@code 100ms}, {@code 1s}, {@code PT0.25S}. */
    public static Duration duration(Map.Entry<String, String> option) {
        try {
            return DurationStyle.detectAndParse(option.getValue().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option.getKey() + " must be a duration (100ms, 1s, PT0.25S), not '"
                    + option.getValue() + "'");
        }
    }

    /** @throws IllegalArgumentException with {@code message} unless {@code condition} holds */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
