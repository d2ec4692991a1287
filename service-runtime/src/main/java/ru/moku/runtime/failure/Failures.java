package ru.moku.runtime.failure;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place where errors are classified as transient (worth a retry) or not. Retry filters ask
 * {@link #isTransient(Throwable)}; everything else goes straight to its boundary (dead letter, 4xx,
 * incident).
 */
public final class Failures {

    private Failures() {
    }

    /** Whether retrying the same operation later may succeed. */
    public static boolean isTransient(Throwable error) {
        // A cause chain may loop back (A caused by B caused by A): stop at the first repeat.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof TransientFailure || databaseUnavailable(t)) {
                return true;
            }
            if (t instanceof PermanentFailure || t instanceof NonTransientDataAccessException
                    && !(t instanceof DataAccessResourceFailureException)) {
                return false;
            }
            if (t instanceof TransientDataAccessException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof PessimisticLockingFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof R2dbcTransientException
                    || t instanceof R2dbcTimeoutException
                    || t instanceof R2dbcRollbackException
                    || t instanceof R2dbcNonTransientResourceException
                    || t instanceof TimeoutException
                    || t instanceof ConnectException
                    || t instanceof IOException
                    || t instanceof com.rabbitmq.client.ShutdownSignalException
                    || t instanceof com.rabbitmq.client.AlreadyClosedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is the database being out of reach rather than anything about the work: no connection could
     * be opened (refused, PostgreSQL starting or shutting down, too many connections), or the one in use broke. Such a
     * failure lasts as long as the outage (a restart, a fail-over), so it deserves more patience than other transient
     * ones; it is always {@linkplain #isTransient transient} too.
     */
    public static boolean isDatabaseUnavailable(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (databaseUnavailable(t)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isDatabaseUnavailable} of one throwable, without its causes. */
    private static boolean databaseUnavailable(Throwable t) {
        if (t instanceof CannotCreateTransactionException
                || t instanceof DataAccessResourceFailureException
                || t instanceof R2dbcNonTransientResourceException
                || t instanceof R2dbcTransientResourceException) {
            return true;
        }
        if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
            String state = r2dbc.getSqlState();
            return state.startsWith("08") // connection exception
                    || state.startsWith("57P") // admin or crash shutdown, cannot connect now
                    || state.equals("53300"); // too many connections
        }
        return false;
    }

    /** A failure the code that raised it knows to be transient (a partner's 5xx, a timeout). */
    public static class TransientFailure extends RuntimeException {

        public TransientFailure(String message) {
            super(message);
        }

        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that will not go away by retrying (invalid input, a partner's 4xx). */
    public static class PermanentFailure extends RuntimeException {

        public PermanentFailure(String message) {
            super(message);
        }

        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
