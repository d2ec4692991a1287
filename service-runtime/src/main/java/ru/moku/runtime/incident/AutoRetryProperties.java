package ru.moku.runtime.incident;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import ru.moku.model.incident.IncidentKind;

/**
 * Incidents a service re-drives by itself before they wait for a person ({@link IncidentAutoRetry}): the kinds that
 * mean "a partner was away" (ЛКО, ПОС.ОС, SMEV …), not "something is wrong with this case". A partner restarting
 * for half a minute must not leave an operator a hundred incidents to press "retry" on.
 *
 * @param kinds      the kinds re-driven automatically (each must have a re-driver in the service; none by default)
 * @param interval   how often open incidents of those kinds are looked at, and how long one stays open before it is
 *                   re-driven (the partner gets that long to come back)
 * @param maxRetries how many automatic retries one subject gets before its incident stays open for a person
 * @param batchSize  at most this many incidents re-driven per look
 */
@Validated
@ConfigurationProperties("moku.incidents.auto-retry")
public record AutoRetryProperties(
        Set<IncidentKind> kinds,
        @NotNull @DefaultValue("30s") Duration interval,
        @Min(0) @DefaultValue("20") int maxRetries,
        @Min(1) @DefaultValue("100") int batchSize) {

    public AutoRetryProperties {
        // Unset (and an empty value, which binds as one null element) means none.
        kinds = kinds == null ? Set.of() : kinds.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    /** The comment an automatic retry leaves on the incident it closes; counted to enforce {@link #maxRetries}. */
    static final String COMMENT = "auto-retried";
}
