package ru.moku.enrichment.lookup;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.enrichment.dadata.PartyOktmo;

/**
 * Why a party has no ОКТМО: a stable code for operators and analytics. Every reason the enrichment gives (in
 * {@code EnrichmentResult}, {@code oktmo_lookup.reason}, card-processor's {@code oktmo_reason}) reads
 * {@code CODE: one sentence.} — the code first, so it can be filtered on, then what happened in words. No reason
 * names a Java class or quotes a stack: those go to the log.
 */
public enum OktmoReason {

    /** NOT_FOUND: Dadata knows no party with the identifier. */
    NOT_FOUND,
    /** NOT_FOUND: the party has no ОКТМО, neither its own nor its address's. */
    NO_OKTMO,
    /** NOT_FOUND: Dadata's ОКТМО of the party is not a valid one. */
    INVALID_OKTMO,
    /** FAILED: the party came without an ИНН and without an ОГРН; Dadata was not asked. */
    NO_IDENTIFIER,
    /** FAILED: the ИНН (or, without one, the ОГРН) fails its check; Dadata was not asked. */
    INVALID_IDENTIFIER,
    /** FAILED: Dadata did not answer within the call timeout, on every attempt. */
    DADATA_TIMEOUT,
    /** FAILED: Dadata answered 5xx/408 or could not be reached, on every attempt. */
    DADATA_UNAVAILABLE,
    /** FAILED: Dadata kept answering 429, or our own rate limiter or bulkhead refused the call. */
    DADATA_RATE_LIMITED,
    /** FAILED: Dadata refused our key or the quota is spent (401/403); calls are paused. */
    ACCESS_DENIED,
    /** FAILED: calls to Dadata are paused (circuit breaker open) after too many failures or a refused key. */
    CIRCUIT_OPEN,
    /** FAILED: Dadata refused the request itself (400, 413, another 4xx). */
    REQUEST_REJECTED,
    /** FAILED: anything else — a bug; the service log has the details. */
    LOOKUP_ERROR;

    /** {@code CODE: sentence}; the sentence starts with a capital and ends with a full stop. */
    public String text(String sentence) {
        return name() + ": " + sentence;
    }

    /** The code of an answer without ОКТМО. */
    static OktmoReason of(PartyOktmo.Absence absence) {
        return switch (absence) {
            case NO_PARTY -> NOT_FOUND;
            case NO_OKTMO -> NO_OKTMO;
            case INVALID_OKTMO -> INVALID_OKTMO;
        };
    }

    /** The code of a lookup that ended in {@code error} (the last attempt's, after every retry). */
    static OktmoReason of(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return CIRCUIT_OPEN;
        }
        if (error instanceof DadataFailure.AccessDenied) {
            return ACCESS_DENIED;
        }
        if (error instanceof DadataFailure.RequestRejected) {
            return REQUEST_REJECTED;
        }
        if (error instanceof DadataFailure.Pressure) {
            return DADATA_RATE_LIMITED;
        }
        if (timedOut(error)) {
            return DADATA_TIMEOUT;
        }
        if (error instanceof DadataFailure.Unavailable) {
            return DADATA_UNAVAILABLE;
        }
        return LOOKUP_ERROR;
    }

    /**
     * The reason of a lookup that ended in {@code error} after {@code attempts} calls to Dadata.
     *
     * @param callTimeout one attempt's timeout, named in a timeout's sentence
     * @param openFor     how long an open circuit refuses calls, named in a paused lookup's sentence
     */
    static String describe(Throwable error, int attempts, Duration callTimeout, Duration openFor) {
        OktmoReason code = of(error);
        String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
        return code.text(switch (code) {
            case CIRCUIT_OPEN -> "Calls to Dadata are paused for up to " + human(openFor)
                    + " (circuit breaker open) after too many failures or a refused key; Dadata was not asked.";
            case ACCESS_DENIED -> "Dadata answered " + ((DadataFailure.AccessDenied) error).status()
                    + ": it refuses our API key or the daily quota is spent; calls are paused for " + human(openFor)
                    + ".";
            case REQUEST_REJECTED -> "Dadata refused the request with " + ((DadataFailure.RequestRejected) error).status()
                    + "; repeating it cannot help.";
            case DADATA_RATE_LIMITED -> ((DadataFailure.Pressure) error).fromDadata()
                    ? "Dadata kept answering 429 (too many requests) until the retries for it were spent."
                    : "Our own rate limit or concurrency limit for Dadata refused the call until the retries were spent.";
            case DADATA_TIMEOUT -> "Dadata did not answer within " + human(callTimeout) + "; " + tries + " in all.";
            case DADATA_UNAVAILABLE -> ((DadataFailure.Unavailable) error).status()
                    .stream().mapToObj(status -> "Dadata answered " + status + "; " + tries + " in all.")
                    .findFirst()
                    .orElse("Dadata could not be reached; " + tries + " in all.");
            case LOOKUP_ERROR -> "The lookup failed unexpectedly after " + tries + "; the enrichment's log says why.";
            default -> throw new IllegalStateException(code + " is not a failure");
        });
    }

    /** Whether {@code error} or one of its causes is a timeout (the per-attempt limit, a connect or read timeout). */
    private static boolean timedOut(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** {@code 5s}, {@code 1m30s}, {@code 500ms}: as the property is written. */
    private static String human(Duration duration) {
        if (duration.toMillisPart() != 0 || duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s"
                : seconds + "s";
    }
}
