package ru.moku.orgregistry.lko;

import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;

/**
 * ЛКО's answers other than 200, mapped to types once (by {@link LkoClient}), so that the retry, the circuit breaker
 * and the hand-off ask the type, never the status code.
 */
public final class LkoFailure {

    private LkoFailure() {
    }

    /** 5xx, 408, 429, a timeout, a refused connection or an open circuit: worth another attempt after a backoff. */
    public static final class Unavailable extends TransientFailure {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * 4xx: ЛКО refused the organisation. A 422 is retried a few times (ЛКО's reference data may lag behind), any
     * other 4xx is not.
     */
    public static final class Rejected extends PermanentFailure {
        private final int status;
        private final String problem;

        public Rejected(int status, String problem) {
            super("ЛКО answered " + status + ": " + abbreviate(problem));
            this.status = status;
            this.problem = problem;
        }

        public int status() {
            return status;
        }

        /** ЛКО's answer body (its problem document). */
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
