package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.InboundMessage;
import ru.moku.gateway.intake.IntakeProblem;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.Source;
import ru.moku.model.xml.Namespaces;

/** The number of pull loops follows SMEV's backlog (virtual time: each SMEV call takes 100 ms). */
class SmevPullLoopsUnitTests {

    private static final Duration CALL = Duration.ofMillis(100);

    private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
    private final BacklogSmev smev = new BacklogSmev();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private final List<String> ackedBeforeStored = new CopyOnWriteArrayList<>();
    private final List<String> acked = new CopyOnWriteArrayList<>();
    private SmevPullLoops loops;

    @AfterEach
    void stop() {
        if (loops != null) {
            loops.stop();
        }
        VirtualTimeScheduler.reset();
    }

    @Test
    void theLoopsMultiplyWhileSmevHasABacklogAndFallBackWhenItIsEmpty() {
        loops = SmevPullLoops.of(settings(1, 8), smev, storing(), new SimpleMeterRegistry());
        loops.start();
        assertThat(loops.activeLoops()).isEqualTo(1);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(loops.activeLoops()).as("an empty queue: the one steady loop").isEqualTo(1);
        assertThat(smev.maxInFlight.get()).isEqualTo(1);

        smev.backlog.set(400);
        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(smev.maxInFlight.get()).as("GetResponse calls at a time under a backlog").isEqualTo(8);
        assertThat(loops.activeLoops()).isEqualTo(8);

        time.advanceTimeBy(Duration.ofSeconds(20));
        assertThat(smev.backlog.get()).isZero();
        assertThat(loops.activeLoops()).as("back to the steady loop once SMEV answers empty").isEqualTo(1);
        assertThat(acked).hasSize(400).doesNotHaveDuplicates();
        assertThat(ackedBeforeStored).as("every Ack after its store").isEmpty();
    }

    @Test
    void theLoopsNeverExceedTheMaximum() {
        loops = SmevPullLoops.of(settings(2, 3), smev, storing(), new SimpleMeterRegistry());
        smev.backlog.set(100);
        loops.start();

        time.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(smev.maxInFlight.get()).isEqualTo(3);
        assertThat(acked).hasSize(100);
        assertThat(loops.activeLoops()).isEqualTo(2);
    }

    private static GatewayProperties.Pull settings(int concurrency, int maxConcurrency) {
        return new GatewayProperties.Pull(true, URI.create("http://127.0.0.1:1/smev"), concurrency, maxConcurrency,
                Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5), DataSize.ofMegabytes(2), Namespaces.SERVICE_DATA_1_0,
                Namespaces.SERVICE_DATA_ROOT, "");
    }

    private IntakeService storing() {
        return new IntakeService() {
            @Override
            public Mono<IntakeResult> accept(InboundMessage message, Source source) {
                return Mono.fromSupplier(() -> {
                    stored.add(message.xml());
                    return new IntakeResult.Accepted(UUID.randomUUID(), message.xml(), RawMessageStatus.SPLIT, 1);
                });
            }

            @Override
            public Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source) {
                return Mono.error(new UnsupportedOperationException());
            }

            @Override
            public Mono<IntakeResult> refuse(String smevMessageId, String reason, boolean tooLarge, Source source) {
                return Mono.error(new UnsupportedOperationException());
            }
        };
    }

    /** SMEV with a backlog of messages; every call takes {@link #CALL}. */
    private final class BacklogSmev implements SmevClient {

        final AtomicInteger backlog = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public Mono<InboundMessage> getResponse() {
            return Mono.defer(() -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return Mono.delay(CALL)
                        .flatMap(tick -> {
                            inFlight.decrementAndGet();
                            int left = backlog.getAndUpdate(n -> Math.max(0, n - 1));
                            return left > 0 ? Mono.just(InboundMessage.xml(UUID.randomUUID().toString()))
                                    : Mono.empty();
                        });
            });
        }

        @Override
        public Mono<Void> ack(String messageId) {
            return Mono.delay(CALL).then(Mono.fromRunnable(() -> {
                if (!stored.contains(messageId)) {
                    ackedBeforeStored.add(messageId);
                }
                acked.add(messageId);
            }));
        }
    }
}
