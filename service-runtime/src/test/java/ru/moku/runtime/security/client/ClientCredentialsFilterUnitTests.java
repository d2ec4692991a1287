package ru.moku.runtime.security.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ClientCredentialsFilterUnitTests {

    private static final ClientRequest REQUEST = ClientRequest.create(HttpMethod.PUT,
            URI.create("http://org-registry/api/v1/organisations/1")).build();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Made here, on the test's thread: initialising them reads resources, which BlockHound forbids on a scheduler. */
    private static final ExchangeStrategies STRATEGIES = ExchangeStrategies.withDefaults();

    private final AtomicInteger fetches = new AtomicInteger();
    /** The Authorization header of every request that reached the callee. */
    private final Queue<String> sent = new ConcurrentLinkedQueue<>();

    private ClientCredentialsFilter filter(Duration fetchLatency) {
        Mono<AccessToken> fetch = Mono.defer(() -> {
            int n = fetches.incrementAndGet();
            Mono<Long> latency = fetchLatency.isZero() ? Mono.just(0L) : Mono.delay(fetchLatency);
            return latency.map(ignored -> AccessToken.of("t" + n, Duration.ofMinutes(5), Duration.ofSeconds(60),
                    TokenCache.now()));
        });
        return new ClientCredentialsFilter(new TokenCache(fetch), () -> { });
    }

    /** A callee answering 401 to the tokens named, 200 to any other. */
    private ExchangeFunction callee(String... refusedTokens) {
        List<String> refused = List.of(refusedTokens);
        return request -> {
            String authorization = request.headers().getFirst(HttpHeaders.AUTHORIZATION);
            sent.add(authorization);
            boolean refuse = refused.stream().anyMatch(token -> ("Bearer " + token).equals(authorization));
            return Mono.just(ClientResponse.create(refuse ? HttpStatus.UNAUTHORIZED : HttpStatus.OK, STRATEGIES).build());
        };
    }

    @Test
    void everyRequestCarriesTheCachedBearerToken() {
        ClientCredentialsFilter filter = filter(Duration.ZERO);
        ExchangeFunction callee = callee();

        StepVerifier.create(Flux.concat(status(filter, callee), status(filter, callee)))
                .expectNext(200, 200)
                .expectComplete().verify(TIMEOUT);
        assertThat(sent).containsExactly("Bearer t1", "Bearer t1");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aTokenDueForRefreshIsReplacedBeforeTheNextRequest() {
        StepVerifier.withVirtualTime(() -> {
                    ClientCredentialsFilter filter = filter(Duration.ZERO);
                    ExchangeFunction callee = callee();
                    return Flux.concat(status(filter, callee),
                            Mono.delay(Duration.ofMinutes(4)).then(status(filter, callee)));
                })
                .expectSubscription()
                .expectNext(200)
                .thenAwait(Duration.ofMinutes(4))
                .expectNext(200)
                .expectComplete().verify(TIMEOUT);
        assertThat(sent).containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void a401DropsTheTokenAndTheRequestIsSentOnceMoreWithANewOne() {
        ClientCredentialsFilter filter = filter(Duration.ZERO);

        StepVerifier.create(status(filter, callee("t1"))).expectNext(200).expectComplete().verify(TIMEOUT);

        assertThat(sent).containsExactly("Bearer t1", "Bearer t2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aSecond401IsTheCallersToHandleNoEndlessRetries() {
        ClientCredentialsFilter filter = filter(Duration.ZERO);

        StepVerifier.create(status(filter, callee("t1", "t2", "t3"))).expectNext(401).expectComplete().verify(TIMEOUT);

        assertThat(sent).containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void concurrentRequestsRefusedWithTheSameTokenShareOneNewToken() {
        StepVerifier.withVirtualTime(() -> {
                    ClientCredentialsFilter filter = filter(Duration.ofSeconds(1));
                    ExchangeFunction callee = callee("t1");
                    return Flux.merge(status(filter, callee), status(filter, callee), status(filter, callee));
                })
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectNext(200, 200, 200)
                .expectComplete().verify(TIMEOUT);
        assertThat(fetches).hasValue(2);
        assertThat(sent).containsExactlyInAnyOrder("Bearer t1", "Bearer t1", "Bearer t1",
                "Bearer t2", "Bearer t2", "Bearer t2");
    }

    @Test
    void withoutATokenTheRequestIsNotSent() {
        ClientCredentialsFilter filter = new ClientCredentialsFilter(
                new TokenCache(Mono.error(new ClientCredentialsException("issuer down", null))), () -> { });

        StepVerifier.create(status(filter, callee())).expectError(ClientCredentialsException.class).verify(TIMEOUT);
        assertThat(sent).isEmpty();
    }

    private static Mono<Integer> status(ClientCredentialsFilter filter, ExchangeFunction callee) {
        return filter.filter(REQUEST, callee).map(response -> response.statusCode().value());
    }
}
