package ru.moku.gateway.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Ids;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;

/**
 * The intake: {@code readAndSplit} (CPU, on the XML workers) then {@code store} (one transaction).
 * Incidents: {@code INVALID_SMEV_MESSAGE} for an invalid pulled message (a pushed one is answered
 * 400, which is the caller's signal), {@code SPLIT_FAILED} for a valid message that could not be
 * split; both are written in the transaction that stores the message.
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

    public TransactionalIntakeService(SmevResponseReader reader, ServiceDataMapper mapper, IntakeRepository store,
                                      Incidents incidents, TransactionalOperator tx, Scheduler xmlWorkers,
                                      MeterRegistry meters) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.store = Objects.requireNonNull(store, "store");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public Mono<IntakeResult> accept(String xml, Source source) {
        return Mono.defer(() -> {
            UUID rawMessageId = Ids.next();
            return Mono.fromCallable(() -> readAndSplit(xml, rawMessageId))
                    .subscribeOn(xmlWorkers)
                    .flatMap(decision -> tx.transactional(store(decision, rawMessageId, xml, source)));
        }).doOnNext(result -> record(source, result));
    }

    @Override
    public Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source) {
        return Mono.defer(() -> tx.transactional(
                        storeInvalid(new Decision.Invalid(null, problem), Ids.next(), body, source)))
                .doOnNext(result -> record(source, result));
    }

    /** Parsing, validation and splitting: everything that needs no database. */
    Decision readAndSplit(String xml, UUID rawMessageId) {
        SmevReading reading = reader.read(xml);
        if (reading instanceof SmevReading.Invalid invalid) {
            return new Decision.Invalid(invalid.smevMessageId(), invalid.problem());
        }
        SmevReading.Valid valid = (SmevReading.Valid) reading;
        try {
            return new Decision.Split(valid.smevMessageId(),
                    mapper.split(valid.serviceData(), rawMessageId, valid.smevMessageId()));
        } catch (SplitException e) {
            return new Decision.SplitFailed(valid.smevMessageId(), e.getMessage());
        }
    }

    private Mono<IntakeResult> store(Decision decision, UUID rawMessageId, String xml, Source source) {
        if (decision instanceof Decision.Split split) {
            return storeSplit(split, rawMessageId, xml, source);
        }
        if (decision instanceof Decision.SplitFailed failed) {
            return storeSplitFailed(failed, rawMessageId, xml, source);
        }
        return storeInvalid((Decision.Invalid) decision, rawMessageId, xml, source);
    }

    private Mono<IntakeResult> storeSplit(Decision.Split split, UUID rawMessageId, String xml, Source source) {
        return store.insertRaw(rawMessageId, split.smevMessageId(), source, xml, RawMessageStatus.SPLIT, null, null)
                .flatMap(inserted -> inserted
                        ? Flux.fromIterable(split.cards()).concatMap(store::handOver)
                                .then(Mono.<IntakeResult>just(new IntakeResult.Accepted(rawMessageId,
                                        split.smevMessageId(), RawMessageStatus.SPLIT, split.cards().size())))
                        : duplicate(split.smevMessageId()));
    }

    private Mono<IntakeResult> storeSplitFailed(Decision.SplitFailed failed, UUID rawMessageId, String xml,
                                                Source source) {
        return store.insertRaw(rawMessageId, failed.smevMessageId(), source, xml, RawMessageStatus.SPLIT_FAILED,
                        null, failed.error())
                .flatMap(inserted -> inserted
                        ? incidents.register(new Incident.Draft(IncidentKind.SPLIT_FAILED, rawMessageId.toString(),
                                        "SMEV message " + failed.smevMessageId() + " could not be split: " + failed.error(),
                                        null, 1))
                                .then(Mono.<IntakeResult>just(new IntakeResult.Accepted(rawMessageId,
                                        failed.smevMessageId(), RawMessageStatus.SPLIT_FAILED, 0)))
                        : duplicate(failed.smevMessageId()));
    }

    private Mono<IntakeResult> storeInvalid(Decision.Invalid invalid, UUID rawMessageId, String xml, Source source) {
        IntakeProblem problem = invalid.problem();
        return store.insertRaw(rawMessageId, invalid.smevMessageId(), source, xml, RawMessageStatus.INVALID,
                        problem.type(), problem.detail())
                .flatMap(inserted -> {
                    if (!inserted) {
                        return store.rawMessageIdOf(invalid.smevMessageId()).map(existing ->
                                new IntakeResult.Rejected(existing, invalid.smevMessageId(), problem, true));
                    }
                    Mono<?> incident = source == Source.PULL
                            ? incidents.register(new Incident.Draft(IncidentKind.INVALID_SMEV_MESSAGE, rawMessageId.toString(),
                                    "pulled SMEV message " + Objects.toString(invalid.smevMessageId(), "(no id)")
                                            + " is invalid (" + problem.type().slug() + "): " + problem.detail(),
                                    null, 1))
                            : Mono.empty();
                    return incident.then(Mono.just(
                            new IntakeResult.Rejected(rawMessageId, invalid.smevMessageId(), problem, false)));
                });
    }

    private Mono<IntakeResult> duplicate(String smevMessageId) {
        return store.rawMessageIdOf(smevMessageId).map(existing -> new IntakeResult.Duplicate(existing, smevMessageId));
    }

    private void record(Source source, IntakeResult result) {
        meters.counter("moku.gateway.intake", "source", source.name().toLowerCase(),
                "result", result.kind().name().toLowerCase()).increment();
        if (result instanceof IntakeResult.Rejected rejected && !rejected.storedBefore()) {
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

        record Split(String smevMessageId, List<ServiceCard> cards) implements Decision {
        }

        record SplitFailed(String smevMessageId, String error) implements Decision {
        }

        record Invalid(String smevMessageId, IntakeProblem problem) implements Decision {
        }
    }
}
