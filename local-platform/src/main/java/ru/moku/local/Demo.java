package ru.moku.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import ru.moku.smev.crypto.KeyMaterial;

/**
 * Drives a demo batch through a running platform: queues generated messages in the SMEV simulator
 * (some delivered twice, some cards with a wrong ИНН), waits while the gateway pulls them, and
 * checks that every card reached its expected stage: CREATED_IN_LKO (ОКТМО asked of the Dadata simulator, the
 * organisation handed to ПОС.ОС = org-registry and created in ЛКО = survey-service, the pair of ids back on the card),
 * then LINK_SENT (the survey link through SMEV), or FLAGGED for a wrong ИНН. Then it plays the applicants: for a share
 * of the links SMEV carried it fetches the questionnaire and posts answers through the gateway's public API, as ЛКП
 * would, and waits until exactly those cards are SURVEY_COMPLETED.
 *
 * <p>On a platform speaking real SMEV ({@link SmevProfile#real()}) the batch also carries attachments (MTOM parts or
 * inline), files on SMEV's file storage and — with signatures — messages tampered with after signing; the demo then
 * also waits until exactly the tampered messages are refused ({@code SIGNATURE_INVALID}), every attachment is stored
 * and every file fetched (with its signer), and SMEV's word on every survey link is recorded on its card
 * ({@link SmevChecks}), and reads a sample of the attachments back through the gateway's operator API.
 */
public final class Demo {

    private static final int RAW_PROCESSED = 3;
    /**
     * Where a valid card is expected: created in ЛКО (seed 000 step 11), or already further on — the survey's link
     * sent and its answers in (steps 12–22) follow without waiting for anyone but the respondent.
     */
    static final List<String> IN_LKO = List.of("CREATED_IN_LKO", "LINK_SENT", "SURVEY_COMPLETED");
    /** The ЛКП origin the demo's applicants come from (the gateway's default allowed origin). */
    static final String LKP_ORIGIN = "http://127.0.0.1:3000";

    /**
     * What the demo drives: the platform of this JVM ({@link Platform}) or one of OS processes
     * ({@code ru.moku.local.cluster.ProcessCluster}).
     */
    public interface Target {

        /** The SMEV simulator. */
        String simulatorUrl();

        /** A gateway (the applicants' survey API, the operator API of the attachments). */
        String gatewayUrl();

        /** The platform's database. */
        String jdbcUrl();

        SmevProfile smevProfile();

        /** The run's key stores, when SMEV signs. */
        Optional<SmevKeys> smevKeys();

        /** A token of the run's issuer with role {@code viewer}, for the operator API sample. */
        String viewerToken();
    }

    private final Target platform;
    private final PlatformState state;

    public Demo(Target platform, PlatformState state) {
        this.platform = platform;
        this.state = state;
    }

    /** How many attachments of each kind the demo reads back through the gateway's operator API. */
    static final int API_SAMPLE_PER_KIND = 5;

    /**
     * The outcome of a demo run.
     *
     * @param messages        SMEV messages of the batch (one card each)
     * @param expectedCards   cards expected: every message but the tampered ones
     * @param expectedFlagged cards generated with a wrong ИНН
     * @param surveysAnswered survey links the applicants answered (202)
     * @param last            the batch's last reading
     * @param smev            its real-SMEV side (refusals, attachments, deliveries); {@code null} when SMEV is plain
     * @param apiSample       attachments read back through the operator API; {@code null} when SMEV is plain
     * @param signing         whether signatures were made and checked
     * @param elapsed         how long it took
     * @param completed       whether every card (and, with real SMEV, every refusal, attachment and delivery) was as
     *                        expected in time
     */
    public record Result(int messages, int expectedCards, int expectedFlagged, int surveysAnswered,
                         PlatformState.Snapshot last, SmevChecks.Reading smev, SmevChecks.Sample apiSample,
                         boolean signing, Duration elapsed, boolean completed) {

        public boolean success() {
            return completed && last.duplicateCards() == 0 && (apiSample == null || apiSample.allMatch());
        }

        public double cardsPerSecond() {
            return last.cards() / Math.max(0.001, elapsed.toMillis() / 1000.0);
        }

        public String summary() {
            return String.format(Locale.ROOT, """
                    ── Summary of the demo's batch ───────────────────────
                    messages in (raw)        %d   (status 3 processed: %d, -3 with errors: %d, -1 invalid: %d)
                    cards stored             %d of %d expected   (duplicates: %d)
                    cards by stage           %s   (expected FLAGGED: %d, SURVEY_COMPLETED: %d, LINK_SENT: %d)
                    parties by ОКТМО status  %s
                    ПОС.ОС organisations     %d by status %s   (open manual reviews: %d)
                    ЛКО organisations        %d
                    open incidents           %d   (whole platform)
                    %selapsed                  %.1f s   throughput %.0f cards/s
                    result                   %s""",
                    last.rawMessages(), last.rawWithStatus(RAW_PROCESSED), last.rawWithStatus(-3),
                    last.rawWithStatus(-1), last.cards(), expectedCards, last.duplicateCards(), last.cardsByStage(),
                    expectedFlagged, surveysAnswered, expectedCards - expectedFlagged - surveysAnswered,
                    last.partiesByOktmoStatus(),
                    last.posOsOrganisations(), last.posOsOrganisationsByStatus(), last.openManualReviews(),
                    last.lkoOrganisations(), last.openIncidents(), smevLines(), elapsed.toMillis() / 1000.0,
                    cardsPerSecond(),
                    success() ? "OK — every card reached its expected stage" + (smev == null ? ""
                            : (signing ? ", exactly the tampered messages refused" : "")
                                    + ", every attachment stored or fetched, every link's delivery recorded")
                            : "FAILED — " + failure());
        }

        /** The real-SMEV lines of the summary, each ending with a line break; none when SMEV is plain. */
        private String smevLines() {
            if (smev == null) {
                return "";
            }
            return String.format(Locale.ROOT, """
                    signatures (GOST 2012)   %s
                    tampered → refused       %d of %d   (raw -1 signature-invalid, SIGNATURE_INVALID incidents: %d; others refused: %d)
                    attachments in message   %d of %d stored%s   by kind %s
                    files on SMEV's storage  %d of %d fetched by FTP%s   (unavailable: %d)
                    operator API sample      %d of %d read back whole (size, GOST digest, declared hash%s)%s
                    link deliveries (SMEV)   %d of %d survey links delivered (AsyncProcessingStatus)   by outcome %s
                    """,
                    signing ? "on: the simulator signs (SMEV, sender, PKCS#7) and checks the gateway's; the gateway"
                            + " signs its requests and checks messages and attachments" : "off",
                    smev.tamperedRefused(), smev.tampered(), smev.signatureIncidents(), smev.untamperedRefused(),
                    smev.attachmentsStored(), smev.withAttachments(), signing ? " with their signer" : "",
                    smev.storedByKind(), smev.fsFetched(), smev.withFsAttachments(),
                    signing ? " with their signer" : "", smev.fsUnavailable(), apiSample.matching(),
                    apiSample.checked(), signing ? ", the sender's PKCS#7" : "",
                    apiSample.problems().isEmpty() ? "" : "\n                             " + String.join(
                            "\n                             ", apiSample.problems()),
                    smev.linksDelivered(), smev.linksSent(), smev.linksByDeliveryOutcome());
        }

        /** What was not as expected, for the result line. */
        private String failure() {
            List<String> failed = new ArrayList<>();
            if (!completed) {
                failed.add("not everything reached its expected state in time");
            }
            if (last.duplicateCards() > 0) {
                failed.add("cards stored twice");
            }
            if (apiSample != null && !apiSample.allMatch()) {
                failed.add("attachments read back through the operator API differ");
            }
            return String.join("; ", failed);
        }
    }

    /** {@link #run(int, double, double, double, SmevSimulatorClient.Extras, Duration, Consumer)} without extras. */
    public Result run(int cards, double invalidShare, double duplicateShare, double answerShare, Duration timeout,
                      Consumer<String> progress) throws InterruptedException {
        return run(cards, invalidShare, duplicateShare, answerShare, SmevSimulatorClient.Extras.NONE, timeout,
                progress);
    }

    /**
     * Runs the demo: {@code cards} SMEV messages with {@code extras} (attachments, files, tampered messages: the
     * platform's SMEV profile must allow them), {@code answerShare} of the survey links answered. Only the demo's own
     * batch is judged (its raw messages and cards are those of the SMEV message ids it queued): anything else sent to
     * the platform meanwhile, e.g. pushed while {@code --keep-running}, neither helps nor spoils the result. With real
     * SMEV the batch is done when, besides every card's stage, exactly the tampered messages are refused with an
     * incident each, every attachment is stored and every file fetched, and SMEV's word on every survey link
     * (AsyncProcessingStatus) is recorded on its card; then a sample of the attachments is read back through the
     * gateway's operator API.
     *
     * @return the outcome; {@code completed} when all of that held within {@code timeout}
     */
    public Result run(int cards, double invalidShare, double duplicateShare, double answerShare,
                      SmevSimulatorClient.Extras extras, Duration timeout, Consumer<String> progress)
            throws InterruptedException {
        SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
        smev.duplicateDeliveries(duplicateShare);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        SmevSimulatorClient.Batch batch = smev.generate(cards, invalidShare, 20261122L, extras);
        int expected = batch.untampered().size();
        int flagged = batch.invalidInnCards();
        boolean real = platform.smevProfile().real();
        boolean signing = platform.smevProfile().signing();
        SmevChecks checks = new SmevChecks(platform.jdbcUrl(), "postgres");
        Reached reached = awaitStage(batch, expected, started, deadline, progress, checks,
                now -> linksSent(now, expected, flagged, 0));
        int answered = 0;
        if (linksSent(reached.snapshot(), expected, flagged, 0)) {
            answered = answerSurveys(batch, answerShare);
            int expectedAnswers = answered;
            reached = awaitStage(batch, expected, started, deadline, progress, checks,
                    now -> linksSent(now, expected, flagged, expectedAnswers));
        }
        SmevChecks.Sample sample = null;
        if (real) {
            sample = checks.sampleThroughApi(batch, new AttachmentApiClient(platform.gatewayUrl(), platform.viewerToken()),
                    API_SAMPLE_PER_KIND, platform.smevKeys().map(keys -> KeyMaterial.trusted(keys.trustSmev(),
                            SmevKeys.PASSWORD)));
        }
        return new Result(cards, expected, flagged, answered, reached.snapshot(), reached.smev(), sample, signing,
                Duration.ofNanos(System.nanoTime() - started),
                linksSent(reached.snapshot(), expected, flagged, answered) && reached.smevDone());
    }

    /** The batch's last readings: its cards, and with real SMEV its refusals, attachments and deliveries. */
    private record Reached(PlatformState.Snapshot snapshot, SmevChecks.Reading smev) {

        boolean smevDone() {
            return smev == null
                    || smev.tamperedExactlyRefused() && smev.attachmentsComplete() && smev.deliveriesRecorded();
        }
    }

    /**
     * Answers {@code share} of the batch's links (those of its valid cards), as the applicants would in ЛКП; returns
     * how many were accepted (202).
     */
    private int answerSurveys(SmevSimulatorClient.Batch batch, double share) {
        LkpClient lkp = new LkpClient(platform.gatewayUrl(), platform.simulatorUrl(), LKP_ORIGIN);
        Set<String> ours = state.applicationNumbers(batch.messageIds());
        List<LkpClient.Link> sent = lkp.links().stream().filter(link -> ours.contains(link.applicationNumber()))
                .toList();
        int toAnswer = (int) Math.round(sent.size() * share);
        int accepted = 0;
        for (LkpClient.Link link : sent.subList(0, toAnswer)) {
            LkpClient.Answer answer = lkp.answerEverything(link.token());
            if (answer.status() == 202) {
                accepted++;
            } else {
                System.out.println("\n  survey of application " + link.applicationNumber() + ": " + answer.status()
                        + " " + answer.body());
            }
        }
        return accepted;
    }

    private Reached awaitStage(SmevSimulatorClient.Batch batch, int cards, long started, long deadline,
                               Consumer<String> progress, SmevChecks checks,
                               Predicate<PlatformState.Snapshot> reached) throws InterruptedException {
        Reached now = read(batch, checks);
        while (!(reached.test(now.snapshot()) && now.smevDone()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            now = read(batch, checks);
            progress.accept(progressLine(now, cards, Duration.ofNanos(System.nanoTime() - started)));
        }
        return now;
    }

    private Reached read(SmevSimulatorClient.Batch batch, SmevChecks checks) {
        SmevProfile profile = platform.smevProfile();
        return new Reached(state.readBatch(batch.messageIds()),
                profile.real() ? checks.read(batch, profile.signing()) : null);
    }

    /**
     * Whether every valid card's link was sent and exactly {@code answered} of them are SURVEY_COMPLETED, the FLAGGED
     * ones stayed so, and every raw message is processed.
     */
    static boolean linksSent(PlatformState.Snapshot snapshot, int cards, int flagged, int answered) {
        return snapshot.cards() == cards
                && snapshot.cardsInStage("FLAGGED") == flagged
                && snapshot.cardsInStage("SURVEY_COMPLETED") == answered
                && snapshot.cardsInStage("LINK_SENT") == cards - flagged - answered
                && snapshot.rawWithStatus(RAW_PROCESSED) == cards;
    }

    /** Whether every card is in its expected stage ({@link #IN_LKO}, or FLAGGED) and every raw message processed. */
    static boolean done(PlatformState.Snapshot snapshot, int cards, int flagged) {
        return snapshot.cards() == cards
                && snapshot.cardsInStage("FLAGGED") == flagged
                && snapshot.cardsInStages(IN_LKO) == cards - flagged
                && snapshot.rawWithStatus(RAW_PROCESSED) == cards;
    }

    private static String progressLine(Reached reached, int cards, Duration elapsed) {
        PlatformState.Snapshot snapshot = reached.snapshot();
        int width = 30;
        // The bar fills as cards finish (in ЛКО or FLAGGED), not as they are stored: storing is the quick part.
        long finished = snapshot.cardsInStages(IN_LKO) + snapshot.cardsInStage("FLAGGED");
        int filled = (int) Math.min(width, finished * width / Math.max(1, cards));
        SmevChecks.Reading smev = reached.smev();
        String real = smev == null ? "" : String.format(Locale.ROOT,
                " · refused %d/%d · attachments %d/%d · files %d/%d · delivered %d",
                smev.tamperedRefused(), smev.tampered(), smev.attachmentsStored(), smev.withAttachments(),
                smev.fsFetched(), smev.withFsAttachments(), smev.linksDelivered());
        return String.format(Locale.ROOT,
                "[%s%s] %d/%d cards · enriched %d · in ЛКО %d · link sent %d · surveys %d · raw processed %d"
                        + "%s · incidents %d · %.0f cards/s   ",
                "#".repeat(filled), ".".repeat(width - filled), snapshot.cards(), cards,
                snapshot.cardsInStage("ENRICHED"), snapshot.cardsInStages(IN_LKO), snapshot.cardsInStage("LINK_SENT"),
                snapshot.cardsInStage("SURVEY_COMPLETED"),
                snapshot.rawWithStatus(RAW_PROCESSED), real, snapshot.openIncidents(),
                snapshot.cards() / Math.max(0.001, elapsed.toMillis() / 1000.0));
    }
}
