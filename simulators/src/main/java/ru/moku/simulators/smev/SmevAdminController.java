package ru.moku.simulators.smev;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import reactor.core.scheduler.Scheduler;
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
    /** {@code basic:string-500}, the shortest of the answers' description types. */
    static final int MAX_DESCRIPTION = 500;
    /** {@code basic:UUID}. */
    /** Mixed into the seed for the extras' choices, so they do not repeat the cards' random stream. */
    private static final long EXTRAS_SEED_SALT = 0x5EED_0F_E7_7A5L;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
    private final GeneratedMessageFactory factory;
    private final MessageFeatures features;
    private final Optional<FtpFileStorage> fileStorage;
    private final Scheduler workers;

    SmevAdminController(SmevMessageQueue queue, SendRequestJournal journal, SmevFaultInjector faultInjector,
                        MessageLoader loader, MessageIds messageIds, RandomGenerator random, Clock clock,
                        Validator validator, SmevSimulatorProperties properties, GeneratedMessageFactory factory,
                        MessageFeatures features, Optional<FtpFileStorage> fileStorage, SmevCryptoPool cryptoPool) {
        this.factory = factory;
        this.features = features;
        this.fileStorage = fileStorage;
        this.workers = cryptoPool.scheduler();
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

    /**
     * Queues {@code count} generated messages: {@code answerShare} of them answers without service data, the others
     * {@code cardsPerMessage} generated cards each, of which {@code attachmentShare} carry an attachment,
     * {@code fsAttachmentShare} a file on the file storage and {@code tamperedShare} are changed after signing. Each
     * share is exact (rounded) and its messages drawn from the seed. Runs on the crypto pool (signatures, files).
     */
    @PostMapping("/messages/generate")
    Mono<GeneratedMessages> generate(@RequestParam(defaultValue = "1") int count,
                                     @RequestParam(defaultValue = "1") int cardsPerMessage,
                                     @RequestParam(required = false) Long seed,
                                     @RequestParam(defaultValue = "0") double invalidInnShare,
                                     @RequestParam(defaultValue = "0") double attachmentShare,
                                     @RequestParam(defaultValue = "0") double fsAttachmentShare,
                                     @RequestParam(defaultValue = "0") double tamperedShare,
                                     @RequestParam(defaultValue = "0") double answerShare,
                                     @RequestParam(defaultValue = "0") double corruptAttachmentShare) {
        require(count >= 1 && count <= maxPerCall, "count must be 1.." + maxPerCall);
        require(cardsPerMessage >= 1 && cardsPerMessage <= MAX_CARDS_PER_MESSAGE,
                "cardsPerMessage must be 1.." + MAX_CARDS_PER_MESSAGE);
        requireShare(invalidInnShare, "invalidInnShare");
        requireShare(attachmentShare, "attachmentShare");
        requireShare(fsAttachmentShare, "fsAttachmentShare");
        requireShare(tamperedShare, "tamperedShare");
        requireShare(answerShare, "answerShare");
        requireShare(corruptAttachmentShare, "corruptAttachmentShare");
        require(fsAttachmentShare == 0 || factory.fileStorageRunning(),
                "fsAttachmentShare needs the file storage: start the simulator with "
                        + "simulators.smev.file-storage.enabled=true");
        require(tamperedShare == 0 || factory.signing(),
                "tamperedShare needs signing (a change to an unsigned message cannot be detected): start the simulator "
                        + "with simulators.smev.signing.enabled=true");
        require(corruptAttachmentShare == 0 || factory.signing(),
                "corruptAttachmentShare needs signing (an attachment in the message is checked by its PKCS#7 "
                        + "signature): start the simulator with simulators.smev.signing.enabled=true");
        long usedSeed = seed != null ? seed : random.nextLong();
        return Mono.fromCallable(() -> generateNow(count, cardsPerMessage, usedSeed, invalidInnShare,
                        new Shares(attachmentShare, fsAttachmentShare, tamperedShare, answerShare,
                                corruptAttachmentShare)))
                .subscribeOn(workers);
    }

    /**
     * Shares of the extras, each of 0..1; {@code corruptAttachment} is a share of the messages with an attachment or
     * FS file.
     */
    private record Shares(double attachment, double fsAttachment, double tampered, double answer,
                          double corruptAttachment) {
    }

    private GeneratedMessages generateNow(int count, int cardsPerMessage, long usedSeed, double invalidInnShare,
                                          Shares shares) {
        Instant now = clock.instant();
        // The cards of a seed are the same as before extras existed; the extras draw from streams of their own.
        ServiceDataGenerator generator = new ServiceDataGenerator(new SplittableRandom(usedSeed),
                LocalDate.ofInstant(now, clock.getZone()));
        SplittableRandom extrasRandom = new SplittableRandom(usedSeed ^ EXTRAS_SEED_SALT);
        SplittableRandom choices = extrasRandom.split();
        Set<Integer> answers = pick(count, shares.answer(), choices);
        int documents = count - answers.size();
        Set<Integer> attachments = pick(documents, shares.attachment(), choices);
        Set<Integer> fsAttachments = pick(documents, shares.fsAttachment(), choices);
        // A tampered message is refused whole, attachments and all: drawn from those without attachments while there
        // are enough, so a run's verdict ("the tampered ones refused, every attachment stored") stays simple.
        List<Integer> plain = IntStream.range(0, documents)
                .filter(i -> !attachments.contains(i) && !fsAttachments.contains(i)).boxed().toList();
        int tamperedCount = (int) Math.round(shares.tampered() * documents);
        Set<Integer> tampered = tamperedCount <= plain.size()
                ? pickCount(plain.size(), tamperedCount, choices).stream()
                        .map(plain::get).collect(Collectors.toUnmodifiableSet())
                : pick(documents, shares.tampered(), choices);
        List<Integer> carrying = IntStream.range(0, documents)
                .filter(i -> attachments.contains(i) || fsAttachments.contains(i)).boxed().toList();
        Set<Integer> corrupt = pick(carrying.size(), shares.corruptAttachment(), choices).stream()
                .map(carrying::get).collect(Collectors.toUnmodifiableSet());
        SplittableRandom content = extrasRandom.split();
        List<String> ids = new ArrayList<>(documents);
        List<String> answerIds = new ArrayList<>(answers.size());
        List<String> withAttachments = new ArrayList<>();
        List<String> withFsAttachments = new ArrayList<>();
        List<String> tamperedIds = new ArrayList<>();
        List<String> corruptIds = new ArrayList<>();
        int invalid = 0;
        int document = 0;
        for (int i = 0; i < count; i++) {
            String messageId = messageIds.next();
            SmevMessage message;
            if (answers.contains(i)) {
                message = factory.answer(messageId, now, messageIds.next(), content);
                answerIds.add(messageId);
            } else {
                List<ServiceDataXml.Card> cards = generator.cards(cardsPerMessage, invalidInnShare);
                invalid += (int) cards.stream().filter(SmevAdminController::hasInvalidInn).count();
                GeneratedMessageFactory.Extras extras = new GeneratedMessageFactory.Extras(
                        attachments.contains(document), fsAttachments.contains(document), tampered.contains(document),
                        corrupt.contains(document));
                message = factory.serviceData(messageId, now, ServiceDataXml.serviceData(cards), extras, content);
                ids.add(messageId);
                addIf(extras.attachment(), withAttachments, messageId);
                addIf(extras.fsAttachment(), withFsAttachments, messageId);
                addIf(extras.tampered(), tamperedIds, messageId);
                addIf(extras.corruptAttachment(), corruptIds, messageId);
                if (extras.corruptAttachment()) {
                    features.corruptAttachment(messageId);
                }
                document++;
            }
            features.queued(message);
            queue.enqueue(message);
        }
        return new GeneratedMessages(ids, documents * cardsPerMessage, invalid, usedSeed, withAttachments,
                withFsAttachments, tamperedIds, answerIds, corruptIds);
    }

    /**
     * Queues an answer without service data ({@code RequestRejected}, {@code RequestStatus} or
     * {@code AsyncProcessingStatus}) to the request {@code originalMessageId}; answers {@code {messageId}}.
     */
    @PostMapping("/answers")
    Map<String, String> injectAnswer(@RequestBody InjectedAnswer answer) {
        require(answer.kind() != null, "kind must be REQUEST_REJECTED, REQUEST_STATUS or ASYNC_PROCESSING_STATUS");
        require(answer.originalMessageId() != null && UUID.matcher(answer.originalMessageId()).matches(),
                "originalMessageId must be a lower-case UUID (basic:UUID)");
        require(answer.code() != null && answer.kind().allows(answer.code()),
                "code " + answer.code() + " is not allowed for " + answer.kind() + ": "
                        + (answer.kind() == AnswerKind.REQUEST_STATUS ? "an integer" : answer.kind().typicalCodes()));
        String description = answer.description() == null || answer.description().isBlank()
                ? "SMEV simulator: injected " + answer.kind() + " " + answer.code() : answer.description();
        require(description.length() <= MAX_DESCRIPTION, "description must be at most " + MAX_DESCRIPTION
                + " characters");
        SmevMessage message = new SmevMessage(messageIds.next(), clock.instant(), new SmevMessage.StatusAnswer(
                answer.kind(), answer.originalMessageId(), answer.code(), description));
        features.queued(message);
        queue.enqueue(message);
        return Map.of("messageId", message.messageId());
    }

    /**
     * Where the file storage listens and what it holds:
     * {@code {enabled, host, port, files, filesFetched, downloads, unavailable}}.
     */
    @GetMapping("/file-storage")
    Map<String, Object> fileStorage() {
        return fileStorage.<Map<String, Object>>map(storage -> Map.of("enabled", true, "host", storage.host(),
                        "port", storage.port(), "files", storage.files(), "filesFetched", storage.filesFetched(),
                        "downloads", storage.downloads(), "unavailable", storage.unavailable()))
                .orElseGet(() -> Map.of("enabled", false));
    }

    /**
     * {@code PUT /admin/smev/file-storage/unavailable?value=true}: every download is refused (550) until set back to
     * false — to rehearse a receiver's retries and its incident once they are spent.
     */
    @PutMapping("/file-storage/unavailable")
    Map<String, Object> fileStorageUnavailable(@RequestParam boolean value) {
        FtpFileStorage storage = fileStorage.orElseThrow(() -> new IllegalArgumentException(
                "the file storage is not running: start the simulator with simulators.smev.file-storage.enabled=true"));
        storage.unavailable(value);
        return fileStorage();
    }

    /** Queues an uploaded {@code ServiceData} document or complete {@code GetResponseResponse}. */
    @PostMapping("/messages")
    LoadedMessage load(@RequestBody(required = false) byte[] xml) {
        MessageLoader.Loaded loaded = loader.load(xml, clock.instant());
        queue.enqueue(loaded.message());
        return loaded.report();
    }

    /**
     * Forgets all messages, acknowledgements, received requests, counters and the file storage's files (not the
     * faults).
     */
    @DeleteMapping("/messages")
    Mono<ResponseEntity<Void>> clear() {
        queue.clear();
        journal.clear();
        features.clear();
        // Deleting files blocks: not on the event loop.
        return Mono.fromRunnable(() -> fileStorage.ifPresent(FtpFileStorage::clear))
                .subscribeOn(workers)
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().<Void>build()));
    }

    @GetMapping("/stats")
    SmevStatsReport stats() {
        return new SmevStatsReport(queue.stats(clock.instant(), journal.count()), features.tampered(),
                features.withAttachments(), features.withFsAttachments(), features.corruptAttachments(),
                features.answers(),
                features.asyncStatuses(), features.callerSignaturesRejected(),
                fileStorage.map(FtpFileStorage::files).orElse(0), fileStorage.map(FtpFileStorage::filesFetched).orElse(0),
                fileStorage.map(FtpFileStorage::downloads).orElse(0L));
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

    /** {@code round(share × size)} distinct indexes of {@code 0..size-1}, drawn from {@code random}. */
    private static Set<Integer> pick(int size, double share, SplittableRandom random) {
        return pickCount(size, (int) Math.round(share * size), random);
    }

    /** {@code wanted} (at most {@code size}) distinct indexes of {@code 0..size-1}, drawn from {@code random}. */
    private static Set<Integer> pickCount(int size, int wanted, SplittableRandom random) {
        int[] indexes = IntStream.range(0, size).toArray();
        // The first `wanted` steps of a Fisher–Yates shuffle.
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(size - i);
            int swapped = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swapped;
        }
        return Arrays.stream(indexes, 0, wanted).boxed().collect(Collectors.toUnmodifiableSet());
    }

    private static void addIf(boolean condition, List<String> ids, String id) {
        if (condition) {
            ids.add(id);
        }
    }

    private static void requireShare(double share, String name) {
        require(share >= 0 && share <= 1, name + " must be 0..1");
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
