package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollBackoffUnitTests {

    private final PollBackoff backoff = new PollBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    @Test
    void emptyAnswersDoubleThePauseUpToTheMaximum() {
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aMessageIsFollowedByNoPauseAndResetsTheIdleBackoff() {
        backoff.after(PollOutcome.EMPTY);
        backoff.after(PollOutcome.EMPTY);

        assertThat(backoff.after(PollOutcome.MESSAGE)).isZero();
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anErrorPausesForTheErrorBackoffWithoutTouchingTheIdleBackoff() {
        backoff.after(PollOutcome.EMPTY);

        assertThat(backoff.after(PollOutcome.ERROR)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(PollOutcome.EMPTY)).isEqualTo(Duration.ofSeconds(2));
    }
}
