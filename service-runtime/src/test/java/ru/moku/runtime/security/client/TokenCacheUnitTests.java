package ru.moku.runtime.security.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TokenCacheUnitTests {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);

    private final AtomicInteger fetches = new AtomicInteger();

    /** Tokens t1, t2, … valid for five minutes, each after {@code latency}. */
    private Mono<AccessToken> fetch(Duration latency) {
        return Mono.defer(() -> {
            int n = fetches.incrementAndGet();
            return Mono.delay(latency).map(ignored -> AccessToken.of("t" + n, LIFETIME, REFRESH_BEFORE,
                    TokenCache.now()));
        });
    }

    @Test
    void aTokenIsReusedUntilItIsDueForRefreshThenFetchedAgainBeforeItExpires() {
        StepVerifier.withVirtualTime(() -> {
                    TokenCache cache = new TokenCache(fetch(Duration.ZERO));
                    return Flux.concat(value(cache),
                            Mono.delay(Duration.ofSeconds(239)).then(value(cache)),
                            Mono.delay(Duration.ofSeconds(1)).then(value(cache)),
                            value(cache));
                })
                .expectSubscription()
                .expectNext("t1")
                .thenAwait(Duration.ofSeconds(239))
                .expectNext("t1")
                .thenAwait(Duration.ofSeconds(1))
                .as("due at 5 min − 60 s = 240 s")
                .expectNext("t2", "t2")
                .verifyComplete();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneFetch() {
        StepVerifier.withVirtualTime(() -> {
                    TokenCache cache = new TokenCache(fetch(Duration.ofSeconds(1)));
                    return Flux.merge(value(cache), value(cache), value(cache), value(cache), value(cache));
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("t1", "t1", "t1", "t1", "t1")
                .verifyComplete();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aRejectedTokenIsReplacedOnceHoweverManyCallersRejectIt() {
        StepVerifier.withVirtualTime(() -> {
                    TokenCache cache = new TokenCache(fetch(Duration.ofSeconds(1)));
                    return cache.token().flatMapMany(first -> {
                        cache.reject(first);
                        cache.reject(first);
                        return Flux.merge(value(cache), value(cache));
                    });
                })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectNext("t2", "t2")
                .verifyComplete();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedFetchIsNotCachedTheNextCallerFetchesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        Mono<AccessToken> failingOnce = Mono.defer(() -> attempts.incrementAndGet() == 1
                ? Mono.error(new ClientCredentialsException("issuer down", null))
                : Mono.just(AccessToken.of("t" + attempts.get(), LIFETIME, REFRESH_BEFORE, TokenCache.now())));
        TokenCache cache = new TokenCache(failingOnce);

        StepVerifier.create(value(cache)).verifyError(ClientCredentialsException.class);
        StepVerifier.create(value(cache)).expectNext("t2").verifyComplete();
        StepVerifier.create(value(cache)).expectNext("t2").verifyComplete();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCallerGivingUpDuringTheFetchDoesNotLeaveTheNextCallersWaitingForever() {
        StepVerifier.withVirtualTime(() -> {
                    TokenCache cache = new TokenCache(fetch(Duration.ofSeconds(10)));
                    Mono<String> impatient = value(cache).timeout(Duration.ofSeconds(5))
                            .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.just("gave up"));
                    return impatient.concatWith(value(cache));
                })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .expectNext("gave up")
                .thenAwait(Duration.ofSeconds(10))
                .expectNextMatches(token -> token.startsWith("t"))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aFetchRunsToItsEndAndServesTheNextCallerEvenIfEveryWaitingCallerGaveUp() {
        StepVerifier.withVirtualTime(() -> {
                    TokenCache cache = new TokenCache(fetch(Duration.ofSeconds(10)));
                    Mono<String> impatient = value(cache).timeout(Duration.ofSeconds(5))
                            .onErrorResume(java.util.concurrent.TimeoutException.class, e -> Mono.just("gave up"));
                    return Flux.concat(Flux.merge(impatient, impatient),
                            Mono.delay(Duration.ofSeconds(6)).then(value(cache)));
                })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .expectNext("gave up", "gave up")
                .thenAwait(Duration.ofSeconds(6))
                .expectNext("t1")
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(fetches).as("the first fetch served the late caller").hasValue(1);
    }

    @Test
    void aShortLivedTokenIsRefreshedHalfwayNotOnEveryCall() {
        AccessToken token = AccessToken.of("short", Duration.ofSeconds(30), REFRESH_BEFORE, 0);

        assertThat(token.stale(14_999)).isFalse();
        assertThat(token.stale(15_000)).isTrue();
    }

    private static Mono<String> value(TokenCache cache) {
        return cache.token().map(AccessToken::value);
    }
}
