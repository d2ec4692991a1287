package ru.moku.gateway.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import org.w3c.dom.Element;
import ru.moku.gateway.answers.AnswerEffects;
import ru.moku.gateway.answers.SmevAnswer;
import ru.moku.gateway.attachments.AttachmentIntake;
import ru.moku.gateway.attachments.AttachmentRefusedException;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Ids;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;

/**
 * The intake: {@code readAndSplit} (CPU, on the XML workers), the signature check (on the crypto workers), then
 * {@code store} (one transaction: the raw message, its attachments, its cards or its answer).
 * Incidents: {@code INVALID_SMEV_MESSAGE} for an invalid pulled message (a pushed one is answered
 * 400, which is the caller's signal), {@code SIGNATURE_INVALID} for a signature that does not verify (push and pull),
 * {@code SPLIT_FAILED} for a valid message that could not be split — each written in the transaction that stores
 * the message; {@code ATTACHMENT_INVALID} when an attachment makes the message unacceptable (that transaction is
 * rolled back, the incident is written in one of its own).
 */
public class TransactionalIntakeService implements IntakeService {

    private static final Logger log = LoggerFactory.getLogger(TransactionalIntakeService.class);

    private final SmevResponseReader reader;
    private final ServiceDataMapper mapper;
    private final IntakeRepository store;
    private final Incidents incidents;
    private final TransactionalOperator tx;
    private final Scheduler xmlWorkers;
    private final MeterRegistry meters;
    private final AttachmentIntake attachments;
    private final AnswerEffects answerEffects;
    private final SignatureCheck signatures;
    private final InvalidSignaturePolicy invalidSignaturePolicy;
    private final GroupCommit<Grouped, IntakeResult> groups;

    /** Without attachments, answer effects or signature verification (tests of the storing alone). */
    public TransactionalIntakeService(SmevResponseReader reader, ServiceDataMapper mapper, IntakeRepository store,
                                      Incidents incidents, TransactionalOperator tx, Scheduler xmlWorkers,
                                      MeterRegistry meters) {
        this(reader, mapper, store, incidents, tx, xmlWorkers, meters, AttachmentIntake.NONE, AnswerEffects.NONE,
                SignatureCheck.NONE, InvalidSignaturePolicy.ACK);
    }

    public TransactionalIntakeService(SmevResponseReader reader, ServiceDataMapper mapper, IntakeRepository store,
                                      Incidents incidents, TransactionalOperator tx, Scheduler xmlWorkers,
                                      MeterRegistry meters, AttachmentIntake attachments, AnswerEffects answerEffects,
                                      SignatureCheck signatures, InvalidSignaturePolicy invalidSignaturePolicy) {
        this(reader, mapper, store, incidents, tx, xmlWorkers, meters, attachments, answerEffects, signatures,
                invalidSignaturePolicy, Grouping.NONE);
    }

    /**
     * @param grouping how concurrent split messages are grouped into one transaction ({@code moku.gateway.intake.group-*})
     */
    public TransactionalIntakeService(SmevResponseReader reader, ServiceDataMapper mapper, IntakeRepository store,
                                      Incidents incidents, TransactionalOperator tx, Scheduler xmlWorkers,
                                      MeterRegistry meters, AttachmentIntake attachments, AnswerEffects answerEffects,
                                      SignatureCheck signatures, InvalidSignaturePolicy invalidSignaturePolicy,
                                      Grouping grouping) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.attachments = Objects.requireNonNull(attachments, "attachments");
        this.answerEffects = Objects.requireNonNull(answerEffects, "answerEffects");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.invalidSignaturePolicy = Objects.requireNonNull(invalidSignaturePolicy, "invalidSignaturePolicy");
        Objects.requireNonNull(grouping, "grouping");
        this.groups = new GroupCommit<>(this::storeGroup,
                g -> storeAlone(g.split(), g.rawMessageId(), g.message(), g.source()),
                grouping.maxSize(), grouping.concurrency(), grouping.window(), meters);
    }

    /**
     * Group commit of split messages.
     *
     * @param maxSize     messages in one transaction at most (1: each alone, as before the group commit)
     * @param concurrency group transactions at a time at most (each holds a connection)
     * @param window      how long a group waits for more messages before it is stored
     */
    public record Grouping(int maxSize, int concurrency, Duration window) {

        /** Every message in a transaction of its own. */
        public static final Grouping NONE = new Grouping(1, Integer.MAX_VALUE, Duration.ZERO);
    }

    @Override
    public Mono<IntakeResult> accept(InboundMessage message, Source source) {
        return Mono.usingWhen(Mono.just(message), taken -> intake(taken, source), InboundMessage::release)
                .doOnNext(result -> record(source, result));
    }

    @Override
    public Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source) {
        return Mono.defer(() -> tx.transactional(
                        storeInvalid(new Decision.Invalid(null, problem), Ids.next(), body, source)))
                .doOnNext(result -> record(source, result));
    }

    @Override
    public Mono<IntakeResult> refuse(String smevMessageId, String reason, boolean tooLarge, Source source) {
        return refused(smevMessageId, reason, tooLarge, source).doOnNext(result -> record(source, result));
    }

    private Mono<IntakeResult> intake(InboundMessage message, Source source) {
        return Mono.defer(() -> {
            UUID rawMessageId = Ids.next();
            return Mono.fromCallable(() -> readAndSplit(message.xml(), rawMessageId))
                    .subscribeOn(xmlWorkers)
                    .flatMap(this::verified)
                    .flatMap(decision -> decision instanceof Decision.Split split && message.parts().isEmpty()
                            ? groups.submit(new Grouped(split, rawMessageId, message, source))
                            : storeAlone(decision, rawMessageId, message, source));
        });
    }

    /** One message in a transaction of its own (an attachment refusal rolls it back and is recorded alone). */
    private Mono<IntakeResult> storeAlone(Decision decision, UUID rawMessageId, InboundMessage message,
                                         Source source) {
        return tx.transactional(store(decision, rawMessageId, message, source))
                .onErrorResume(AttachmentRefusedException.class, refusal -> refused(
                        decision.smevMessageId(), refusal.getMessage(), refusal.tooLarge(), source));
    }

    /**
     * A group of split messages (plain XML, no MTOM parts) in one transaction: their raw messages in one statement,
     * their declared attachments, their instances in one statement and their outbox messages. A message whose SMEV id
     * is stored already (or earlier in the group) is a duplicate, as alone.
     */
    private Mono<List<IntakeResult>> storeGroup(List<Grouped> group) {
        return tx.transactional(Mono.defer(() -> store.insertSplitRaws(group.stream()
                        .map(g -> new IntakeRepository.NewRaw(g.rawMessageId(), g.split().smevMessageId(), g.source(),
                                g.message().xml()))
                        .toList()))
                .flatMap(inserted -> {
                    List<Grouped> fresh = group.stream().filter(g -> inserted.contains(g.rawMessageId())).toList();
                    List<String> duplicates = group.stream().filter(g -> !inserted.contains(g.rawMessageId()))
                            .map(g -> g.split().smevMessageId()).toList();
                    return Flux.fromIterable(fresh)
                            .concatMap(g -> attachments.store(g.rawMessageId(), g.split().responseMessage(),
                                    g.message().parts()))
                            .then(store.handOver(fresh.stream().flatMap(g -> g.split().cards().stream()).toList()))
                            .then(store.rawMessageIdsOf(duplicates))
                            .map(existing -> group.stream().map(g -> result(g, inserted, existing)).toList());
                }));
    }

    private static IntakeResult result(Grouped g, Set<UUID> inserted, Map<String, UUID> existing) {
        String smevMessageId = g.split().smevMessageId();
        if (inserted.contains(g.rawMessageId())) {
            return new IntakeResult.Accepted(g.rawMessageId(), smevMessageId, RawMessageStatus.SPLIT,
                    g.split().cards().size());
        }
        UUID stored = existing.get(smevMessageId);
        if (stored == null) {
            throw new IllegalStateException("SMEV message " + smevMessageId + " was neither inserted nor found");
        }
        return new IntakeResult.Duplicate(stored, smevMessageId);
    }

    /** A split message waiting for its group. */
    private record Grouped(Decision.Split split, UUID rawMessageId, InboundMessage message, Source source) {
    }

    /** Parsing, validation and splitting: everything that needs no database. */
    Decision readAndSplit(String xml, UUID rawMessageId) {
        SmevReading reading = reader.read(xml);
        if (reading instanceof SmevReading.Invalid invalid) {
            return new Decision.Invalid(invalid.smevMessageId(), invalid.problem());
        }
        if (reading instanceof SmevReading.Answer answer) {
            return new Decision.Answer(answer);
        }
        SmevReading.Valid valid = (SmevReading.Valid) reading;
        try {
            return new Decision.Split(valid.smevMessageId(), valid.responseMessage(),
                    mapper.split(valid.serviceData(), rawMessageId, valid.smevMessageId()));
        } catch (SplitException e) {
            return new Decision.SplitFailed(valid.smevMessageId(), valid.responseMessage(), e.getMessage());
        }
    }

    /** A readable message whose required signatures do not verify becomes invalid: stored as evidence, never split. */
    private Mono<Decision> verified(Decision decision) {
        if (decision.responseMessage() == null) {
            return Mono.just(decision);
        }
        return signatures.problem(decision.responseMessage())
                .<Decision>map(problem -> new Decision.Invalid(decision.smevMessageId(),
                        new IntakeProblem(ProblemType.SIGNATURE_INVALID, problem)))
                .defaultIfEmpty(decision);
    }

    private Mono<IntakeResult> store(Decision decision, UUID rawMessageId, InboundMessage message, Source source) {
        if (decision instanceof Decision.Split split) {
            return storeSplit(split, rawMessageId, message, source);
        }
        if (decision instanceof Decision.SplitFailed failed) {
            return storeSplitFailed(failed, rawMessageId, message, source);
        }
        if (decision instanceof Decision.Answer answer) {
            return storeAnswer(answer.reading(), rawMessageId, message, source);
        }
        return storeInvalid((Decision.Invalid) decision, rawMessageId, message.xml(), source);
    }

    private Mono<IntakeResult> storeSplit(Decision.Split split, UUID rawMessageId, InboundMessage message,
                                          Source source) {
        return store.insertRaw(rawMessageId, split.smevMessageId(), source, message.xml(), RawMessageStatus.SPLIT,
                        null, null)
                .flatMap(inserted -> inserted
                        ? attachments.store(rawMessageId, split.responseMessage(), message.parts())
                                .thenMany(Flux.fromIterable(split.cards()).concatMap(store::handOver))
                                .then(Mono.<IntakeResult>just(new IntakeResult.Accepted(rawMessageId,
                                        split.smevMessageId(), RawMessageStatus.SPLIT, split.cards().size())))
                        : duplicate(split.smevMessageId()));
    }

    private Mono<IntakeResult> storeSplitFailed(Decision.SplitFailed failed, UUID rawMessageId, InboundMessage message,
                                                Source source) {
        return store.insertRaw(rawMessageId, failed.smevMessageId(), source, message.xml(),
                        RawMessageStatus.SPLIT_FAILED, null, failed.error())
                .flatMap(inserted -> inserted
                        ? attachments.store(rawMessageId, failed.responseMessage(), message.parts())
                                .then(incidents.register(new Incident.Draft(IncidentKind.SPLIT_FAILED,
                                        rawMessageId.toString(), "SMEV message " + failed.smevMessageId()
                                                + " could not be split: " + failed.error(), null, 1)))
                                .then(Mono.<IntakeResult>just(new IntakeResult.Accepted(rawMessageId,
                                        failed.smevMessageId(), RawMessageStatus.SPLIT_FAILED, 0)))
                        : duplicate(failed.smevMessageId()));
    }

    /** An answer without service data: its record and its effects in the same transaction; never a card. */
    private Mono<IntakeResult> storeAnswer(SmevReading.Answer reading, UUID rawMessageId, InboundMessage message,
                                           Source source) {
        SmevAnswer answer = new SmevAnswer(rawMessageId, reading.smevMessageId(), reading.kind(),
                reading.originalMessageId(), reading.code(), reading.description());
        return store.insertRaw(rawMessageId, reading.smevMessageId(), source, message.xml(), RawMessageStatus.ANSWER,
                        null, null)
                .flatMap(inserted -> inserted
                        ? attachments.store(rawMessageId, reading.responseMessage(), message.parts())
                                .then(store.insertAnswer(answer))
                                .then(answerEffects.apply(answer))
                                .then(Mono.<IntakeResult>just(new IntakeResult.Answered(rawMessageId,
                                        reading.smevMessageId(), reading.kind())))
                        : duplicate(reading.smevMessageId()));
    }

    private Mono<IntakeResult> storeInvalid(Decision.Invalid invalid, UUID rawMessageId, String xml, Source source) {
        IntakeProblem problem = invalid.problem();
        boolean badSignature = problem.type() == ProblemType.SIGNATURE_INVALID;
        boolean acknowledge = !badSignature || invalidSignaturePolicy == InvalidSignaturePolicy.ACK;
        return store.insertRaw(rawMessageId, invalid.smevMessageId(), source, xml, RawMessageStatus.INVALID,
                        problem.type(), problem.detail())
                .flatMap(inserted -> {
                    if (!inserted) {
                        // A bad signature delivered again (SMEV redelivers what was not acknowledged under KEEP):
                        // one more occurrence on its open incident, nothing else written.
                        return store.rawMessageIdOf(invalid.smevMessageId())
                                .flatMap(existing -> (badSignature ? invalidIncident(invalid, existing, source)
                                        : Mono.empty())
                                        .then(Mono.<IntakeResult>just(new IntakeResult.Rejected(existing,
                                                invalid.smevMessageId(), problem, true, acknowledge))));
                    }
                    return invalidIncident(invalid, rawMessageId, source).then(Mono.just(
                            new IntakeResult.Rejected(rawMessageId, invalid.smevMessageId(), problem, false,
                                    acknowledge)));
                });
    }

    /**
     * {@code SIGNATURE_INVALID} for a bad signature (push and pull: a forged or tampered message is worth an
     * operator's look however it came); {@code INVALID_SMEV_MESSAGE} for another problem of a pulled message.
     */
    private Mono<?> invalidIncident(Decision.Invalid invalid, UUID rawMessageId, Source source) {
        IntakeProblem problem = invalid.problem();
        String messageId = Objects.toString(invalid.smevMessageId(), "(no id)");
        if (problem.type() == ProblemType.SIGNATURE_INVALID) {
            return incidents.register(new Incident.Draft(IncidentKind.SIGNATURE_INVALID, rawMessageId.toString(),
                    source.name().toLowerCase() + "ed SMEV message " + messageId + ": " + problem.detail(), null, 1));
        }
        return source == Source.PULL
                ? incidents.register(new Incident.Draft(IncidentKind.INVALID_SMEV_MESSAGE, rawMessageId.toString(),
                        "pulled SMEV message " + messageId + " is invalid (" + problem.type().slug() + "): "
                                + problem.detail(), null, 1))
                : Mono.empty();
    }

    /** Nothing of the message stays; the incident (in a transaction of its own) says why SMEV still has it. */
    private Mono<IntakeResult> refused(String smevMessageId, String reason, boolean tooLarge, Source source) {
        String subject = smevMessageId != null ? smevMessageId : source.name() + " (no MessageId)";
        return tx.transactional(incidents.register(new Incident.Draft(IncidentKind.ATTACHMENT_INVALID, subject,
                        source.name().toLowerCase() + "ed SMEV message " + Objects.toString(smevMessageId, "(no id)")
                                + " refused, not stored: " + reason, null, 1)))
                .then(Mono.just(new IntakeResult.Refused(smevMessageId, reason, tooLarge)));
    }

    private Mono<IntakeResult> duplicate(String smevMessageId) {
        return store.rawMessageIdOf(smevMessageId).map(existing -> new IntakeResult.Duplicate(existing, smevMessageId));
    }

    private void record(Source source, IntakeResult result) {
        meters.counter("moku.gateway.intake", "source", source.name().toLowerCase(),
                "result", result.kind().name().toLowerCase()).increment();
        if (result instanceof IntakeResult.Refused refused) {
            log.warn("{} SMEV message {} refused, not stored (SMEV keeps it): {}", source,
                    Objects.toString(refused.smevMessageId(), "(no MessageId)"), refused.reason());
        } else if (result instanceof IntakeResult.Rejected rejected && !rejected.storedBefore()) {
            log.warn("{} SMEV message {} rejected as {} and stored as raw message {}: {}", source,
                    Objects.toString(rejected.smevMessageId(), "(no MessageId)"), rejected.problem().type().slug(), rejected.rawMessageId(),
                    rejected.problem().detail());
        } else if (result instanceof IntakeResult.Accepted accepted && log.isDebugEnabled()) {
            // One line per message is too much at volume; the intake counter carries the totals.
            log.debug("{} SMEV message {} stored as raw message {} ({}, {} card(s))", source,
                    accepted.smevMessageId(), accepted.rawMessageId(), accepted.status(), accepted.instances());
        }
    }

    /** What reading and splitting decided; {@code store} writes it. */
    sealed interface Decision {

        /** SMEV's id of the message, {@code null} when unreadable. */
        String smevMessageId();

        /** The parsed {@code ResponseMessage} of a readable message (signatures, attachments), else {@code null}. */
        default Element responseMessage() {
            return null;
        }

        record Split(String smevMessageId, Element responseMessage, List<ServiceCard> cards) implements Decision {
        }

        record SplitFailed(String smevMessageId, Element responseMessage, String error) implements Decision {
        }

        record Answer(SmevReading.Answer reading) implements Decision {

            @Override
            public String smevMessageId() {
                return reading.smevMessageId();
            }

            @Override
            public Element responseMessage() {
                return reading.responseMessage();
            }
        }

        record Invalid(String smevMessageId, IntakeProblem problem) implements Decision {
        }
    }
}
