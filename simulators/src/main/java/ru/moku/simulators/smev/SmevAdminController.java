package ru.moku.simulators.smev;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.model.identifiers.Inn;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * {@code /admin/smev}: fills the simulated queue (generated or uploaded messages), shows what happened
 * (counters, acknowledged ids, received requests) and sets the injected faults. Not part of SMEV.
 */
@RestController
@RequestMapping("/admin/smev")
class SmevAdminController {

    /** The service-data schema allows at most 100 cards per document. */
    static final int MAX_CARDS_PER_MESSAGE = 100;

    private final SmevMessageQueue queue;
    private final SendRequestJournal journal;
    private final SmevFaultInjector faultInjector;
    private final MessageLoader loader;
    private final MessageIds messageIds;
    private final RandomGenerator random;
    private final Clock clock;
    private final Validator validator;
    private final int maxPerCall;
    private final int defaultListLimit;

    SmevAdminController(SmevMessageQueue queue, SendRequestJournal journal, SmevFaultInjector faultInjector,
                        MessageLoader loader, MessageIds messageIds, RandomGenerator random, Clock clock,
                        Validator validator, SmevSimulatorProperties properties) {
        this.maxPerCall = properties.admin().maxPerCall();
        this.defaultListLimit = properties.admin().defaultListLimit();
        this.queue = queue;
        this.journal = journal;
        this.faultInjector = faultInjector;
        this.loader = loader;
        this.messageIds = messageIds;
        this.random = random;
        this.clock = clock;
        this.validator = validator;
    }

    /** Queues {@code count} messages of {@code cardsPerMessage} generated cards each. */
    @PostMapping("/messages/generate")
    GeneratedMessages generate(@RequestParam(defaultValue = "1") int count,
                               @RequestParam(defaultValue = "1") int cardsPerMessage,
                               @RequestParam(required = false) Long seed,
                               @RequestParam(defaultValue = "0") double invalidInnShare) {
        require(count >= 1 && count <= maxPerCall, "count must be 1.." + maxPerCall);
        require(cardsPerMessage >= 1 && cardsPerMessage <= MAX_CARDS_PER_MESSAGE,
                "cardsPerMessage must be 1.." + MAX_CARDS_PER_MESSAGE);
        require(invalidInnShare >= 0 && invalidInnShare <= 1, "invalidInnShare must be 0..1");
        long usedSeed = seed != null ? seed : random.nextLong();
        Instant now = clock.instant();
        ServiceDataGenerator generator = new ServiceDataGenerator(new SplittableRandom(usedSeed),
                LocalDate.ofInstant(now, clock.getZone()));
        List<String> ids = new ArrayList<>(count);
        int invalid = 0;
        for (int i = 0; i < count; i++) {
            List<ServiceDataXml.Card> cards = generator.cards(cardsPerMessage, invalidInnShare);
            invalid += (int) cards.stream().filter(SmevAdminController::hasInvalidInn).count();
            String messageId = messageIds.next();
            queue.enqueue(new SmevMessage(messageId, now,
                    new SmevMessage.PrimaryContent(ServiceDataXml.serviceData(cards))));
            ids.add(messageId);
        }
        return new GeneratedMessages(ids, count * cardsPerMessage, invalid, usedSeed);
    }

    /** Queues an uploaded {@code ServiceData} document or complete {@code GetResponseResponse}. */
    @PostMapping("/messages")
    LoadedMessage load(@RequestBody(required = false) byte[] xml) {
        MessageLoader.Loaded loaded = loader.load(xml, clock.instant());
        queue.enqueue(loaded.message());
        return loaded.report();
    }

    /** Forgets all messages, acknowledgements, received requests and counters (not the faults). */
    @DeleteMapping("/messages")
    ResponseEntity<Void> clear() {
        queue.clear();
        journal.clear();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    SmevStats stats() {
        return queue.stats(clock.instant(), journal.count());
    }

    @GetMapping("/acked-ids")
    List<String> ackedIds() {
        return queue.ackedIds();
    }

    @GetMapping("/send-requests")
    List<ReceivedSendRequest> sendRequests() {
        return journal.all();
    }

    /**
     * The {@code limit} most recent accepted {@code SendRequestRequest}s, newest first, with the survey
     * notification's fields read out ({@code notification.link} is the survey link the gateway sent).
     */
    @GetMapping("/sent-requests")
    List<ReceivedSendRequest> sentRequests(@RequestParam(name = "limit", required = false) Integer requested) {
        int limit = requested == null ? defaultListLimit : requested;
        require(limit >= 1 && limit <= maxPerCall, "limit must be 1.." + maxPerCall);
        return journal.latest(limit);
    }

    /**
     * The next {@code count} requests of {@code POST /smev}, whatever the operation, fail with {@code outcome}
     * ({@code SOAP_FAULT} or {@code HTTP_503}) and are not processed; then the rate-based faults apply again.
     * For tests that need "fails twice, then succeeds" without chance.
     */
    @PostMapping("/faults/next")
    Map<String, Object> failNext(@RequestParam int count, @RequestParam(defaultValue = "SOAP_FAULT") String outcome) {
        require(count >= 0 && count <= maxPerCall, "count must be 0.." + maxPerCall);
        SmevFaultInjector.Outcome failure;
        try {
            failure = SmevFaultInjector.Outcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome must be SOAP_FAULT or HTTP_503");
        }
        require(failure != SmevFaultInjector.Outcome.NONE, "outcome must be SOAP_FAULT or HTTP_503");
        faultInjector.failNext(count, failure);
        return Map.of("count", count, "outcome", failure.name());
    }

    @GetMapping("/faults")
    SmevFaultSettings faults() {
        return SmevFaultSettings.of(faultInjector.current());
    }

    /** Replaces the injected faults; a field left out means that fault is off. */
    @PutMapping("/faults")
    Mono<SmevFaultSettings> replaceFaults(@RequestBody SmevFaultSettings settings) {
        Faults faults = settings.toFaults();
        // Bean Validation reads its message bundles from jars on the first violation: not on an event loop.
        return Mono.fromCallable(() -> validator.validate(faults))
                .subscribeOn(Schedulers.boundedElastic())
                .map(violations -> {
                    require(violations.isEmpty(), describe(violations));
                    faultInjector.replace(faults);
                    return SmevFaultSettings.of(faults);
                });
    }

    /** Back to the faults of the configuration ({@code simulators.smev.faults.*}). */
    @DeleteMapping("/faults")
    SmevFaultSettings resetFaults() {
        faultInjector.failNext(0, SmevFaultInjector.Outcome.SOAP_FAULT);
        return SmevFaultSettings.of(faultInjector.reset());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static String describe(Set<ConstraintViolation<Faults>> violations) {
        return violations.stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    private static boolean hasInvalidInn(ServiceDataXml.Card card) {
        return Inn.problem(card.organisation().inn()).isPresent();
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
