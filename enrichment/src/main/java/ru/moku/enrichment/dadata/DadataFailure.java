package ru.moku.enrichment.dadata;

import java.time.Duration;
import java.util.Optional;
import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;

/**
 * Dadata's answers other than 200, mapped to types once (by {@link DadataClient}) so that retry filters,
 * the circuit breaker and the incident boundary ask the type, never the status code.
 */
public final class DadataFailure {

    private DadataFailure() {
    }

    /** Timeout, connection failure or 5xx: worth another attempt after a backoff. */
    public static final class Unavailable extends TransientFailure {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 429: too many requests per second or new connections. Pressure, not a partner failure: slow down. */
    public static final class Pressure extends TransientFailure {
        private final transient Duration retryAfter;

        public Pressure(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** Dadata's {@code Retry-After}, if it sent one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** 401 / 403: wrong key, unconfirmed account or the daily quota spent. Stop calling until an operator acts. */
    public static final class AccessDenied extends PermanentFailure {
        public AccessDenied(String message) {
            super(message);
        }
    }

    /** 400 / 413 and other 4xx: Dadata refused the request itself; repeating it cannot help. */
    public static final class RequestRejected extends PermanentFailure {
        public RequestRejected(String message) {
            super(message);
        }
    }
}
