package ru.moku.runtime.partner;

import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;

/**
 * A partner's answers other than success, mapped to types once (by its client, with {@link #of}), so that the retry,
 * the circuit breaker and the caller ask the type, never the status code.
 */
public final class PartnerFailure {

    private PartnerFailure() {
    }

    /** The type of a partner's HTTP answer {@code status} (not 2xx) with its body. */
    public static RuntimeException of(String partner, int status, String body) {
        if (status >= 500 || status == 408 || status == 429) {
            return new Unavailable(partner + " answered " + status, null);
        }
        return new Rejected(partner, status, body);
    }

    /** 5xx, 408, 429, a timeout, a refused connection or an open circuit: worth another attempt after a backoff. */
    public static final class Unavailable extends TransientFailure {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * 4xx: the partner refused the request. A 422 is retried a few times (the partner's reference data may lag
     * behind ours), any other 4xx is not.
     */
    public static final class Rejected extends PermanentFailure {
        private final int status;
        private final String problem;

        public Rejected(String partner, int status, String problem) {
            super(partner + " answered " + status + ": " + abbreviate(problem));
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return status;
        }

        /** The partner's answer body (its problem document). */
        public String problem() {
            return problem;
        }

        /** Whether another attempt may help: only for 422. */
        public boolean retryable() {
            return status == 422;
        }

        private static String abbreviate(String body) {
            String text = body == null ? "" : body.strip();
            return text.length() <= 500 ? text : text.substring(0, 500) + "…";
        }
    }
}
