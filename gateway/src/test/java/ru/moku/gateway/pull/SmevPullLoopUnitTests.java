package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.gateway.intake.InboundMessage;
import ru.moku.gateway.intake.IntakeProblem;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.ProblemType;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.mtom.MtomException;

class SmevPullLoopUnitTests {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration MAX_IDLE = Duration.ofSeconds(4);
    private static final Duration ERROR = Duration.ofSeconds(5);
    private static final Duration ONE_MS = Duration.ofMillis(1);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScriptedSmev smev = new ScriptedSmev();

    @Test
    void anEmptyQueueIsPolledWithDoublingPausesUpToTheMaximum() {
        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(5))
                .expectSubscription()
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(1).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(2).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(4).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(4).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();
        assertThat(meters.counter("moku.gateway.pull.empty").count()).isEqualTo(5);
    }

    @Test
    void aMessageIsAcknowledgedOnlyAfterItWasStoredAndTheNextPollFollowsAtOnce() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(2))
                .expectNext(PollOutcome.MESSAGE, PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId, "ack " + messageId);
        assertThat(meters.counter("moku.gateway.pull.pulled").count()).isEqualTo(1);
        assertThat(meters.counter("moku.gateway.pull.acked").count()).isEqualTo(1);
    }

    @Test
    void aDuplicateIsAcknowledgedToo() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Duplicate(UUID.randomUUID(), id)))
                        .run().take(1))
                .expectNext(PollOutcome.MESSAGE)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId, "ack " + messageId);
    }

    @Test
    void anInvalidMessageThatWasStoredIsAcknowledged() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Rejected(UUID.randomUUID(), id,
                        new IntakeProblem(ProblemType.SCHEMA_VIOLATION, "line 1, column 1: bad"), false))).run().take(1))
                .expectNext(PollOutcome.MESSAGE)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId, "ack " + messageId);
    }

    @Test
    void anAnswerWithoutServiceDataIsAcknowledged() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Answered(UUID.randomUUID(), id,
                        AnswerKind.ASYNC_PROCESSING_STATUS))).run().take(1))
                .expectNext(PollOutcome.MESSAGE)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId, "ack " + messageId);
    }

    @Test
    void aMessageRefusedForItsAttachmentsIsLeftInSmevAndThePauseIsTheErrorBackoff() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Refused(id, "digest mismatch", false)))
                        .run().take(2))
                .expectNext(PollOutcome.ERROR)
                .expectNoEvent(ERROR.minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId);
    }

    @Test
    void aBadSignatureUnderTheKeepPolicyIsStoredButNotAcknowledged() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Rejected(UUID.randomUUID(), id,
                        new IntakeProblem(ProblemType.SIGNATURE_INVALID, "digest mismatch"), false, false)))
                        .run().take(1))
                .expectNext(PollOutcome.ERROR)
                .verifyComplete();

        assertThat(events).containsExactly("store " + messageId);
    }

    @Test
    void anMtomAnswerOverALimitIsRecordedAsRefusedAndNotAcknowledged() {
        smev.script(() -> Mono.error(MtomException.tooLarge("the MTOM message exceeds the limit of 10 bytes")));

        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(2))
                .expectNext(PollOutcome.ERROR)
                .expectNoEvent(ERROR.minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(events).containsExactly("refuse the MTOM message exceeds the limit of 10 bytes");
        assertThat(meters.counter("moku.gateway.pull.errors", "stage", "get-response").count()).isEqualTo(1);
    }

    @Test
    void aMessageWithoutReadableIdCannotBeAcknowledgedAndThePauseIsTheErrorBackoff() {
        smev.script(() -> Mono.just("<not-xml"));

        StepVerifier.withVirtualTime(() -> loop(storing(id -> new IntakeResult.Rejected(UUID.randomUUID(), null,
                        new IntakeProblem(ProblemType.MALFORMED_XML, "line 1, column 9: eof"), false))).run().take(2))
                .expectNext(PollOutcome.ERROR)
                .expectNoEvent(ERROR.minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(events).noneMatch(event -> event.startsWith("ack"));
    }

    @Test
    void aMessageThatCouldNotBeStoredIsNotAcknowledgedAndTheLoopGoesOnAfterTheErrorBackoff() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));
        IntakeService failingIntake = new IntakeService() {
            @Override
            public Mono<IntakeResult> accept(InboundMessage message, Source source) {
                return Mono.error(new IllegalStateException("database down"));
            }

            @Override
            public Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source) {
                return Mono.error(new IllegalStateException("database down"));
            }

            @Override
            public Mono<IntakeResult> refuse(String smevMessageId, String reason, boolean tooLarge, Source source) {
                return Mono.error(new IllegalStateException("database down"));
            }
        };

        StepVerifier.withVirtualTime(() -> loop(failingIntake).run().take(2))
                .expectNext(PollOutcome.ERROR)
                .expectNoEvent(ERROR.minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(events).isEmpty();
        assertThat(meters.counter("moku.gateway.pull.errors", "stage", "intake").count()).isEqualTo(1);
    }

    @Test
    void aFaultOfGetResponseIsAnErrorAndTheLoopContinues() {
        smev.script(() -> Mono.error(new SmevCallException.Fault("soap:Server", "SMEV is down", null, 500)));

        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(2))
                .expectNext(PollOutcome.ERROR)
                .expectNoEvent(ERROR.minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();

        assertThat(meters.counter("moku.gateway.pull.errors", "stage", "get-response").count()).isEqualTo(1);
    }

    @Test
    void aFailedAckIsAnErrorAndTheMessageStaysWithSmev() {
        String messageId = UUID.randomUUID().toString();
        smev.script(() -> Mono.just(envelope(messageId)));
        smev.failAcks = true;

        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(1))
                .expectNext(PollOutcome.ERROR)
                .verifyComplete();

        assertThat(meters.counter("moku.gateway.pull.errors", "stage", "ack").count()).isEqualTo(1);
        assertThat(meters.counter("moku.gateway.pull.acked").count()).isZero();
    }

    @Test
    void aMessageResetsTheIdleBackoff() {
        smev.script(Mono::empty, Mono::empty, () -> Mono.just(envelope(UUID.randomUUID().toString())));

        StepVerifier.withVirtualTime(() -> loop(storing(this::accepted)).run().take(5))
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(1).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(2).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.MESSAGE, PollOutcome.EMPTY)
                .expectNoEvent(Duration.ofSeconds(1).minus(ONE_MS)).thenAwait(ONE_MS)
                .expectNext(PollOutcome.EMPTY)
                .verifyComplete();
    }

    private SmevPullLoop loop(IntakeService intake) {
        return new SmevPullLoop(0, smev, intake, new PollBackoff(IDLE, MAX_IDLE, ERROR), new PullMetrics(meters));
    }

    private IntakeResult accepted(String messageId) {
        return new IntakeResult.Accepted(UUID.randomUUID(), messageId, RawMessageStatus.SPLIT, 1);
    }

    /** An intake that "stores" instantly, recording the message id it read from the fake envelope. */
    private IntakeService storing(Function<String, IntakeResult> result) {
        return new IntakeService() {
            @Override
            public Mono<IntakeResult> accept(InboundMessage message, Source source) {
                return Mono.fromSupplier(() -> {
                    String xml = message.xml();
                    String messageId = xml.startsWith("message:") ? xml.substring("message:".length()) : null;
                    events.add("store " + messageId);
                    return result.apply(messageId);
                });
            }

            @Override
            public Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source) {
                return Mono.error(new UnsupportedOperationException());
            }

            @Override
            public Mono<IntakeResult> refuse(String smevMessageId, String reason, boolean tooLarge, Source source) {
                return Mono.fromSupplier(() -> {
                    events.add("refuse " + reason);
                    return new IntakeResult.Refused(smevMessageId, reason, tooLarge);
                });
            }
        };
    }

    private static String envelope(String messageId) {
        return "message:" + messageId;
    }

    /** Answers GetResponse from a script, then with an empty queue. */
    private final class ScriptedSmev implements SmevClient {

        private final Deque<Supplier<Mono<String>>> answers = new ArrayDeque<>();
        private volatile boolean failAcks;

        @SafeVarargs
        final void script(Supplier<Mono<String>>... next) {
            answers.addAll(List.of(next));
        }

        @Override
        public Mono<InboundMessage> getResponse() {
            return Mono.defer(() -> {
                Supplier<Mono<String>> next = answers.poll();
                return next == null ? Mono.empty() : next.get().map(InboundMessage::xml);
            });
        }

        @Override
        public Mono<Void> ack(String messageId) {
            return Mono.defer(() -> {
                if (failAcks) {
                    return Mono.error(new SmevCallException("HTTP 503 from SMEV"));
                }
                events.add("ack " + messageId);
                return Mono.empty();
            });
        }
    }
}
