package ru.moku.enrichment.dadata;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;

/**
 * Dadata's answers other than 200, mapped to types once (by {@link DadataClient}) so that retry filters,
 * the circuit breaker and the incident boundary ask the type, never the status code. Each carries the HTTP status
 * Dadata answered, if it answered at all, and the start of its answer body.
 */
public final class DadataFailure {

    private DadataFailure() {
    }

    /** Timeout, connection failure or 5xx: worth another attempt after a backoff. */
    public static final class Unavailable extends TransientFailure {
        private final int status;

        /** Dadata answered {@code status} (5xx, 408). */
        public Unavailable(String message, int status) {
            super(message);
            this.status = status;
        }

        /** Dadata could not be reached or did not answer ({@code cause}: the connection's failure). */
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
            this.status = 0;
        }

        /** The HTTP status Dadata answered; empty when it could not be reached or did not answer. */
        public OptionalInt status() {
            return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
        }
    }

    /**
     * 429: too many requests per second or new connections — or our own rate limiter or bulkhead refused the call
     * before it left. Pressure, not a partner failure: slow down.
     */
    public static final class Pressure extends TransientFailure {
        private final transient Duration retryAfter;
        private final boolean fromDadata;

        /** Dadata answered 429, with its {@code Retry-After} if it sent one ({@code null} if not). */
        public Pressure(String message, Duration retryAfter) {
            this(message, retryAfter, true);
        }

        private Pressure(String message, Duration retryAfter, boolean fromDadata) {
            super(message);
            this.retryAfter = retryAfter;
            this.fromDadata = fromDadata;
        }

        /** Our own rate limiter or bulkhead refused the call; Dadata was not asked. */
        public static Pressure ownLimit(String message) {
            return new Pressure(message, null, false);
        }

        /** Dadata's {@code Retry-After}, if it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        /** Whether Dadata answered 429 (else our own limit refused the call). */
        public boolean fromDadata() {
            return fromDadata;
        }
    }

    /** A 4xx answer that repeating cannot change: its status and the start of Dadata's answer. */
    public abstract static sealed class Refused extends PermanentFailure permits AccessDenied, RequestRejected {
        private final int status;
        private final String body;

        Refused(int status, String body) {
            super("Dadata answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        /** The 4xx status. */
        public int status() {
            return status;
        }

        /** The start of Dadata's answer. */
        public String body() {
            return body;
        }
    }

    /** 401 / 403: wrong key, unconfirmed account or the daily quota spent. Stop calling until an operator acts. */
    public static final class AccessDenied extends Refused {

        public AccessDenied(int status, String body) {
            super(status, body);
        }
    }

    /** 400 / 413 and other 4xx: Dadata refused the request itself; repeating it cannot help. */
    public static final class RequestRejected extends Refused {

        public RequestRejected(int status, String body) {
            super(status, body);
        }
    }
}
