package ru.moku.runtime.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;

class FailuresUnitTests {

    @Test
    void aTransientR2dbcErrorIsTransient() {
        assertThat(Failures.isTransient(new R2dbcTransientResourceException("too many connections", "53300")))
                .isTrue();
    }

    @Test
    void anR2dbcTimeoutIsTransient() {
        assertThat(Failures.isTransient(new R2dbcTimeoutException("statement timeout", "57014"))).isTrue();
    }

    @Test
    void aSerializationFailureIsTransient() {
        assertThat(Failures.isTransient(new R2dbcRollbackException("could not serialize access", "40001")))
                .isTrue();
    }

    @Test
    void aLostDatabaseConnectionIsTransient() {
        assertThat(Failures.isTransient(new R2dbcNonTransientResourceException("connection closed", "08006")))
                .isTrue();
    }

    @Test
    void springsTranslationOfATransientDatabaseErrorIsTransient() {
        assertThat(Failures.isTransient(new TransientDataAccessResourceException("pool exhausted"))).isTrue();
        assertThat(Failures.isTransient(new QueryTimeoutException("statement timeout"))).isTrue();
    }

    @Test
    void theDatabaseOutOfReachIsTransientAndUnavailable() {
        List<Throwable> outages = List.of(
                new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                        new ConnectException("Connection refused")),
                new R2dbcNonTransientResourceException("connection closed", "08006"),
                new R2dbcTransientResourceException("too many connections", "53300"),
                new R2dbcNonTransientException("terminating connection due to administrator command", "57P01") {
                },
                new R2dbcTransientException("the database system is starting up", "57P03") {
                },
                new DataAccessResourceFailureException("connection lost"));
        assertThat(outages).allSatisfy(outage -> {
            assertThat(Failures.isDatabaseUnavailable(outage)).as(outage.toString()).isTrue();
            assertThat(Failures.isTransient(outage)).as(outage.toString()).isTrue();
        });
    }

    @Test
    void otherFailuresAreNotTheDatabaseOutOfReach() {
        List<Throwable> others = List.of(
                new TransientFailure("partner answered 503"),
                new R2dbcRollbackException("could not serialize access", "40001"),
                new R2dbcTimeoutException("statement timeout", "57014"),
                new TimeoutException("no answer within 5s"),
                new ConnectException("a partner refused the connection"),
                new R2dbcDataIntegrityViolationException("duplicate key", "23505"),
                new PermanentFailure("partner answered 400"));
        assertThat(others).allSatisfy(other ->
                assertThat(Failures.isDatabaseUnavailable(other)).as(other.toString()).isFalse());
    }

    @Test
    void aTimeoutIsTransient() {
        assertThat(Failures.isTransient(new TimeoutException("no answer within 5s"))).isTrue();
    }

    @Test
    void anIoErrorIsTransient() {
        assertThat(Failures.isTransient(new IOException("connection reset"))).isTrue();
        assertThat(Failures.isTransient(new ConnectException("connection refused"))).isTrue();
    }

    @Test
    void aFailureItsRaiserDeclaresTransientIsTransient() {
        assertThat(Failures.isTransient(new TransientFailure("partner answered 503"))).isTrue();
    }

    @Test
    void aFailureItsRaiserDeclaresPermanentIsNotTransient() {
        assertThat(Failures.isTransient(new PermanentFailure("partner answered 400"))).isFalse();
    }

    @Test
    void anIllegalArgumentIsNotTransient() {
        assertThat(Failures.isTransient(new IllegalArgumentException("no such card"))).isFalse();
    }

    @Test
    void aDataIntegrityViolationIsNotTransient() {
        assertThat(Failures.isTransient(new DataIntegrityViolationException("duplicate key",
                new R2dbcDataIntegrityViolationException("duplicate key", "23505")))).isFalse();
    }

    @Test
    void aTransientCauseDeepInTheChainMakesTheFailureTransient() {
        Throwable wrapped = new IllegalStateException("handler failed",
                new RuntimeException("client failed", new TimeoutException("no answer within 5s")));

        assertThat(Failures.isTransient(wrapped)).isTrue();
    }

    @Test
    void aPermanentFailureOutranksTheTransientErrorItWraps() {
        // The code that wrapped the I/O error knows better: retrying will not help.
        assertThat(Failures.isTransient(new PermanentFailure("partner rejected the request",
                new IOException("connection reset")))).isFalse();
    }

    @Test
    void aTransientFailureOutranksThePermanentLookingErrorItWraps() {
        assertThat(Failures.isTransient(new TransientFailure("partner not ready yet",
                new IllegalArgumentException("unknown organisation")))).isTrue();
    }

    @Test
    void aChainWithoutAnyTransientCauseIsNotTransient() {
        assertThat(Failures.isTransient(new IllegalStateException("handler failed",
                new NullPointerException("card")))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsBackIsClassifiedAndTheWalkEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        boolean classification = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Failures.isTransient(first));

        assertThat(classification).isFalse();
    }
}
