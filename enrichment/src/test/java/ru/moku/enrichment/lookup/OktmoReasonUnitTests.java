package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.enrichment.dadata.PartyOktmo;

/** The reason of every kind of failed lookup: a stable code and one sentence for operators, never a Java class. */
class OktmoReasonUnitTests {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration OPEN_FOR = Duration.ofSeconds(60);

    @Test
    void aTimeoutOnEveryAttemptIsDadataTimeoutWithTheLimitAndTheAttempts() {
        // What resilience4j's time limiter (Reactor's timeout) signals after the last attempt.
        TimeoutException timeout = new TimeoutException(
                "Did not observe any item or terminal signal within 5000ms in 'source(MonoDefer)' (and no fallback "
                        + "has been configured)");

        assertThat(describe(timeout, 3))
                .isEqualTo("DADATA_TIMEOUT: Dadata did not answer within 5s; 3 attempts in all.");
    }

    @Test
    void aReadTimeoutOfTheConnectionIsATimeoutToo() {
        DadataFailure.Unavailable unreachable = new DadataFailure.Unavailable("Dadata could not be reached",
                new ReadTimeoutException());

        assertThat(describe(unreachable, 3)).startsWith("DADATA_TIMEOUT: ");
    }

    @Test
    void a5xxOnEveryAttemptIsDadataUnavailableWithTheStatus() {
        assertThat(describe(new DadataFailure.Unavailable("Dadata answered 503: busy", 503), 3))
                .isEqualTo("DADATA_UNAVAILABLE: Dadata answered 503; 3 attempts in all.");
    }

    @Test
    void aRefusedConnectionIsDadataUnavailableWithoutAStatus() {
        DadataFailure.Unavailable refused = new DadataFailure.Unavailable("Dadata could not be reached",
                new ConnectException("Connection refused"));

        assertThat(describe(refused, 3)).isEqualTo("DADATA_UNAVAILABLE: Dadata could not be reached; 3 attempts in all.");
    }

    @Test
    void anOpenCircuitIsCircuitOpenAndSaysDadataWasNotAsked() {
        CircuitBreaker circuit = CircuitBreaker.ofDefaults("dadata");
        circuit.transitionToOpenState();

        assertThat(describe(CallNotPermittedException.createCallNotPermittedException(circuit), 0))
                .isEqualTo("CIRCUIT_OPEN: Calls to Dadata are paused for up to 1m (circuit breaker open) after too "
                        + "many failures or a refused key; Dadata was not asked.");
    }

    @Test
    void a401Or403IsAccessDenied() {
        assertThat(describe(new DadataFailure.AccessDenied(401, "{\"message\":\"Unauthorized\"}"), 1))
                .isEqualTo("ACCESS_DENIED: Dadata answered 401: it refuses our API key or the daily quota is spent; "
                        + "calls are paused for 1m.");
        assertThat(describe(new DadataFailure.AccessDenied(403, ""), 1)).startsWith("ACCESS_DENIED: Dadata answered 403");
    }

    @Test
    void aRefusedRequestIsRequestRejectedWithoutDadatasBody() {
        assertThat(describe(new DadataFailure.RequestRejected(400, "{\"message\":\"bad query\"}"), 1))
                .isEqualTo("REQUEST_REJECTED: Dadata refused the request with 400; repeating it cannot help.");
    }

    @Test
    void pressureIsRateLimitedWhetherDadataOrOurOwnLimitRefused() {
        assertThat(describe(new DadataFailure.Pressure("Dadata answered 429", null), 6))
                .startsWith("DADATA_RATE_LIMITED: Dadata kept answering 429");
        assertThat(describe(DadataFailure.Pressure.ownLimit("our own limit: bulkhead full"), 0))
                .startsWith("DADATA_RATE_LIMITED: Our own rate limit");
    }

    @Test
    void anythingElseIsALookupErrorThatPointsToTheLog() {
        assertThat(describe(new IllegalStateException("a bug"), 1))
                .isEqualTo("LOOKUP_ERROR: The lookup failed unexpectedly after 1 attempt; the enrichment's log says why.");
    }

    @Test
    void noFailureReasonNamesAJavaClassOrReactorsInternals() {
        CircuitBreaker circuit = CircuitBreaker.ofDefaults("dadata");
        circuit.transitionToOpenState();
        for (Throwable error : new Throwable[] {
                new TimeoutException("Did not observe any item within 5000ms in 'source(MonoDefer)'"),
                new DadataFailure.Unavailable("Dadata answered 503", 503),
                new DadataFailure.Unavailable("Dadata could not be reached", new ConnectException("refused")),
                CallNotPermittedException.createCallNotPermittedException(circuit),
                new DadataFailure.AccessDenied(401, "Unauthorized"),
                new DadataFailure.RequestRejected(413, "too large"),
                new DadataFailure.Pressure("429", Duration.ofSeconds(1)),
                new IllegalStateException("a bug")}) {
            assertThat(describe(error, 3)).as("the reason of %s", error.getClass().getName())
                    .matches("[A-Z_]+: [A-Z].*\\.")
                    .doesNotContain("ru.moku", "java.", "Exception", "$", "Mono", "source(", "resilience4j");
        }
    }

    @Test
    void answersWithoutOktmoHaveTheirCodes() {
        assertThat(OktmoReason.of(PartyOktmo.Absence.NO_PARTY)).isEqualTo(OktmoReason.NOT_FOUND);
        assertThat(OktmoReason.of(PartyOktmo.Absence.NO_OKTMO)).isEqualTo(OktmoReason.NO_OKTMO);
        assertThat(OktmoReason.of(PartyOktmo.Absence.INVALID_OKTMO)).isEqualTo(OktmoReason.INVALID_OKTMO);
        assertThat(OktmoReason.NO_OKTMO.text("Dadata's party has no ОКТМО.")).isEqualTo(
                "NO_OKTMO: Dadata's party has no ОКТМО.");
    }

    private static String describe(Throwable error, int attempts) {
        return OktmoReason.describe(error, attempts, CALL_TIMEOUT, OPEN_FOR);
    }

    /** Stands for Netty's {@code ReadTimeoutException}: recognised by its name, as the client does not depend on it. */
    private static final class ReadTimeoutException extends RuntimeException {
    }
}
