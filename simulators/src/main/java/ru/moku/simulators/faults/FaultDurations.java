package ru.moku.simulators.faults;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/** Reads the durations of a simulator's fault settings as an operator types them in its admin API. */
public final class FaultDurations {

    private FaultDurations() {
    }

    /**
     * {@code value} as a duration ({@code 200ms}, {@code 1s}, {@code PT0.2S}); zero when absent or blank.
     *
     * @param name the setting's name, for the message
     * @throws IllegalArgumentException naming the setting when {@code value} is not a duration
     */
    public static Duration parse(String name, String value) {
        return parse(name, value, Duration.ZERO);
    }

    /** As {@link #parse(String, String)}, with {@code absent} when the value is absent or blank. */
    public static Duration parse(String name, String value, Duration absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a duration (e.g. 200ms, 1s, PT0.2S)", e);
        }
    }
}
