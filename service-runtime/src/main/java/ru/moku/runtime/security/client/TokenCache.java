package ru.moku.runtime.security.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The current client-credentials token: fetched on first use, reused until it is due for refresh or a callee refused
 * it, then fetched again. Single flight: callers arriving while a fetch is under way wait for that one fetch instead
 * of starting their own. A fetch, once started, runs to its end (its own timeout bounds it) even if every caller
 * waiting for it gives up — under load the callers' timeouts would otherwise cancel each fetch before it answers and
 * start the next one, over and over. A failed fetch is not kept: the next caller starts another.
 *
 * <p>Time is the parallel scheduler's clock, which is virtual under {@code StepVerifier.withVirtualTime}.
 */
final class TokenCache {

    private final Mono<AccessToken> fetch;
    /** The last fetch, under way or done; {@code null} before the first. */
    private final AtomicReference<CompletableFuture<AccessToken>> current = new AtomicReference<>();

    /** @param fetch obtains a new token (subscribed once per fetch) */
    TokenCache(Mono<AccessToken> fetch) {
        this.fetch = fetch;
    }

    /** The token to send now. */
    Mono<AccessToken> token() {
        // suppressCancel: a caller that gives up does not cancel the fetch the others wait for.
        return Mono.fromFuture(this::currentOrNewFetch, true);
    }

    /**
     * A callee refused {@code token}: the next {@link #token()} fetches a new one, unless another caller already
     * replaced it (then that one is used).
     */
    void reject(AccessToken token) {
        token.reject();
    }

    private CompletableFuture<AccessToken> currentOrNewFetch() {
        while (true) {
            CompletableFuture<AccessToken> last = current.get();
            if (last != null && usable(last)) {
                return last;
            }
            CompletableFuture<AccessToken> next = new CompletableFuture<>();
            if (current.compareAndSet(last, next)) {
                fetch.toFuture().whenComplete((token, error) -> {
                    if (error == null) {
                        next.complete(token);
                    } else {
                        next.completeExceptionally(error);
                    }
                });
                return next;
            }
        }
    }

    /** Under way, or done with a token that is not stale; a failed fetch is not usable. */
    private static boolean usable(CompletableFuture<AccessToken> fetched) {
        if (!fetched.isDone()) {
            return true;
        }
        return !fetched.isCompletedExceptionally() && !fetched.join().stale(now());
    }

    static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }
}
