package ru.moku.survey.export;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * The value of a view's column as both formats export it: text for ids and codes, ISO-8601 for timestamps (an
 * instant, {@code 2026-12-06T10:15:30.123456Z}) and dates ({@code 2026-12-06}), numbers and booleans as they are.
 */
final class ExportValues {

    private ExportValues() {
    }

    static Object of(Object value) {
        if (value instanceof UUID id) {
            return id.toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof ZonedDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }
}
