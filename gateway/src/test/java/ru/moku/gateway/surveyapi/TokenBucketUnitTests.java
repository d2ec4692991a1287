package ru.moku.gateway.surveyapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketUnitTests {

    @Test
    void fewerRequestsThanSecondsCostSeveralTokensRefilledOnePerSecond() {
        TokenBucket bucket = TokenBucket.of(20, Duration.ofMinutes(1));

        assertThat(bucket).isEqualTo(new TokenBucket(1, 60, 3));
        assertThat(bucket.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void moreRequestsThanSecondsCostOneTokenRefilledSeveralPerSecond() {
        TokenBucket bucket = TokenBucket.of(1_000_000, Duration.ofMinutes(1));

        assertThat(bucket).isEqualTo(new TokenBucket(16_667, 1_000_000, 1));
        assertThat(bucket.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theBucketHoldsExactlyTheRequestsAllowedInARow() {
        TokenBucket bucket = TokenBucket.of(5, Duration.ofMinutes(1));

        assertThat(bucket.burstCapacity() / bucket.requestedTokens()).isEqualTo(5);
        assertThat(bucket.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    }
}
