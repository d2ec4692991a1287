package ru.moku.gateway.surveyapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** Spring Cloud Gateway's Redis rate limiter, failing open, on the real Redis (127.0.0.1:6379) and with Redis away. */
class FailOpenRedisRateLimiterIntegrationTests {

    private static final String ROUTE = "survey-api";
    /** Long enough that no token comes back between two requests of a test, however slow the machine (12 min for one). */
    private static final Duration WINDOW = Duration.ofHours(1);
    /** Every verification waits at most this: the ceiling of a hung limiter, never reached by a working one. */
    private static final Duration CEILING = Duration.ofSeconds(60);

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private DisposableServer silentRedis;

    @AfterEach
    void close() {
        LettuceConnectionFactory real = factories.isEmpty() ? null : factories.get(0);
        if (real != null && real.getPort() == 6379) {
            ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(real);
            redis.keys("*" + prefix + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(10));
        }
        factories.forEach(LettuceConnectionFactory::destroy);
        if (silentRedis != null) {
            silentRedis.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void twoReplicasShareOneBucketPerClient() {
        LettuceConnectionFactory redis = factory(6379);
        // 3 requests in a row, then one per 20 min; a Redis timeout no loaded machine reaches, so every request counts.
        FailOpenRedisRateLimiter replicaA = limiter(redis, 3, Duration.ofSeconds(60), new SimpleMeterRegistry());
        FailOpenRedisRateLimiter replicaB = limiter(redis, 3, Duration.ofSeconds(60), new SimpleMeterRegistry());
        String retryAfter = Long.toString(TokenBucket.of(3, WINDOW).retryAfter().toSeconds());

        StepVerifier.create(replicaA.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaA.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(response -> !response.isAllowed()
                        && retryAfter.equals(response.getHeaders().get(HttpHeaders.RETRY_AFTER)))
                .expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.2"))
                .as("another client has a bucket of its own")
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
    }

    @Test
    void redisAwayLetsRequestsThroughAndCountsTheFailure() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FailOpenRedisRateLimiter limiter = limiter(factory(1), 1, Duration.ofSeconds(60), meters);

        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.3"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.3"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);

        assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isEqualTo(2);
    }

    @Test
    void aRedisThatDoesNotAnswerWithinTheTimeoutLetsTheRequestThrough() {
        // Accepts connections and never answers: the limiter's own Redis timeout (3 s, shorter than the client's command
        // timeout) lets the request through; whatever the machine's speed, nothing else can answer first.
        silentRedis = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().then()).bindNow(Duration.ofSeconds(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FailOpenRedisRateLimiter limiter = limiter(factory(silentRedis.port()), 1, Duration.ofSeconds(3), meters);

        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.4"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);

        assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isEqualTo(1);
    }

    @Test
    void duringARedisOutageRequestsPassAndAfterItTheLimitAppliesAgain() throws IOException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int port = freePort();
        RedisForwarder forwarder = new RedisForwarder(port);
        LettuceConnectionFactory factory = factory(port);
        FailOpenRedisRateLimiter limiter = limiter(factory, 1, Duration.ofSeconds(5), meters);
        String client = prefix + "203.0.113.5";
        try {
            // Redis up: one request in the bucket, the next is refused (429) — counted, not an accident.
            StepVerifier.create(limiter.isAllowed(ROUTE, client))
                    .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
            StepVerifier.create(limiter.isAllowed(ROUTE, client))
                    .expectNextMatches(response -> !response.isAllowed()).expectComplete().verify(CEILING);
            assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isZero();

            // Redis away (its connections cut, the port closed): every request passes, none is refused, each counted.
            forwarder.close();
            for (int i = 0; i < 3; i++) {
                StepVerifier.create(limiter.isAllowed(ROUTE, client))
                        .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
            }
            assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isEqualTo(3);

            // Redis back on the same address: the client's bucket (still empty) is asked again, and refuses.
            forwarder = new RedisForwarder(port);
            RedisForwarder reopened = forwarder;
            await("the limit applied again").atMost(CEILING).pollInterval(Duration.ofMillis(500)).until(() ->
                    Boolean.FALSE.equals(limiter.isAllowed(ROUTE, client).map(RateLimiter.Response::isAllowed)
                            .block(CEILING)) && reopened.accepted() > 0);
        } finally {
            forwarder.close();
            ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory(6379));
            redis.keys("*" + prefix + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(10));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Forwards a local port to the real Redis (6379) byte for byte, on plain threads; closing it is the outage. */
    private static final class RedisForwarder implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        RedisForwarder(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket target = new Socket(InetAddress.getLoopbackAddress(), 6379);
                        accepted.incrementAndGet();
                        sockets.add(client);
                        sockets.add(target);
                        pump(client, target);
                        pump(target, client);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "redis-forwarder-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int accepted() {
            return accepted.get();
        }

        private static void pump(Socket from, Socket to) {
            Thread pump = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // one side closed: the other follows
                }
            }, "redis-forwarder-pump");
            pump.setDaemon(true);
            pump.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** The limiter as the gateway sets it up, for route {@value #ROUTE}. */
    private FailOpenRedisRateLimiter limiter(LettuceConnectionFactory factory, int requests, Duration redisTimeout,
                                             SimpleMeterRegistry meters) {
        return new FailOpenRedisRateLimiter(new ReactiveStringRedisTemplate(factory), FailOpenRedisRateLimiter.script(),
                null, ROUTE, TokenBucket.of(requests, WINDOW), redisTimeout, prefix, meters);
    }

    private LettuceConnectionFactory factory(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(30)).build());
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }
}
