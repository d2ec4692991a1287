package ru.moku.runtime.security.client;

import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The current client-credentials token: fetched on first use, reused until it is due for refresh or a callee refused
 * it, then fetched again. Single flight: callers arriving while a fetch is under way wait for that one fetch instead
 * of starting their own. A failed fetch is not cached: the next caller tries again.
 *
 * <p>Time is the parallel scheduler's clock, which is virtual under {@code StepVerifier.withVirtualTime}.
 */
final class TokenCache {

    private final Mono<AccessToken> current;

    /** @param fetch obtains a new token (subscribed once per fetch) */
    TokenCache(Mono<AccessToken> fetch) {
        this.current = fetch.cacheInvalidateIf(token -> token.stale(now()));
    }

    /** The token to send now. */
    Mono<AccessToken> token() {
        return current;
    }

    /**
     * A callee refused {@code token}: the next {@link #token()} fetches a new one, unless another caller already
     * replaced it (then that one is used).
     */
    void reject(AccessToken token) {
        token.reject();
    }

    static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }
}
