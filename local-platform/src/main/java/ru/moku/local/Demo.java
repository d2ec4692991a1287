package ru.moku.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Drives a demo batch through a running platform: queues generated messages in the SMEV simulator
 * (some delivered twice, some cards with a wrong ИНН), waits while the gateway pulls them, and
 * checks that every card reached its expected stage: CREATED_IN_LKO (ОКТМО asked of the Dadata simulator, the
 * organisation handed to ПОС.ОС = org-registry and created in ЛКО = survey-service, the pair of ids back on the card),
 * then LINK_SENT (the survey link through SMEV), or FLAGGED for a wrong ИНН. Then it plays the applicants: for a share
 * of the links SMEV carried it fetches the questionnaire and posts answers through the gateway's public API, as ЛКП
 * would, and waits until exactly those cards are SURVEY_COMPLETED.
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

    private final Platform platform;
    private final PlatformState state;

    public Demo(Platform platform, PlatformState state) {
        this.platform = platform;
        this.state = state;
    }

    /** The outcome of a demo run. */
    public record Result(int expectedCards, int expectedFlagged, int surveysAnswered, PlatformState.Snapshot last,
                         Duration elapsed, boolean completed) {

        public boolean success() {
            return completed && last.duplicateCards() == 0;
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
                    elapsed                  %.1f s   throughput %.0f cards/s
                    result                   %s""",
                    last.rawMessages(), last.rawWithStatus(RAW_PROCESSED), last.rawWithStatus(-3),
                    last.rawWithStatus(-1), last.cards(), expectedCards, last.duplicateCards(), last.cardsByStage(),
                    expectedFlagged, surveysAnswered, expectedCards - expectedFlagged - surveysAnswered,
                    last.partiesByOktmoStatus(),
                    last.posOsOrganisations(), last.posOsOrganisationsByStatus(), last.openManualReviews(),
                    last.lkoOrganisations(), last.openIncidents(), elapsed.toMillis() / 1000.0,
                    cardsPerSecond(),
                    success() ? "OK — every card reached its expected stage"
                            : "FAILED — not every card reached its expected stage in time");
        }
    }

    /**
     * Runs the demo: {@code cards} SMEV messages, {@code answerShare} of the survey links answered. Only the demo's own
     * batch is judged (its raw messages and cards are those of the SMEV message ids it queued): anything else sent to
     * the platform meanwhile, e.g. pushed while {@code --keep-running}, neither helps nor spoils the result.
     *
     * @return the outcome; {@code completed} when every card reached its expected stage within {@code timeout}
     */
    public Result run(int cards, double invalidShare, double duplicateShare, double answerShare, Duration timeout,
                      Consumer<String> progress) throws InterruptedException {
        SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
        smev.duplicateDeliveries(duplicateShare);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        SmevSimulatorClient.Batch batch = smev.generate(cards, invalidShare, 20261122L);
        int flagged = batch.invalidInnCards();
        PlatformState.Snapshot snapshot = awaitStage(batch, cards, started, deadline, progress,
                now -> linksSent(now, cards, flagged, 0));
        int answered = 0;
        if (linksSent(snapshot, cards, flagged, 0)) {
            answered = answerSurveys(batch, answerShare);
            int expectedAnswers = answered;
            snapshot = awaitStage(batch, cards, started, deadline, progress,
                    now -> linksSent(now, cards, flagged, expectedAnswers));
        }
        return new Result(cards, flagged, answered, snapshot, Duration.ofNanos(System.nanoTime() - started),
                linksSent(snapshot, cards, flagged, answered));
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

    private PlatformState.Snapshot awaitStage(SmevSimulatorClient.Batch batch, int cards, long started, long deadline,
                                              Consumer<String> progress, Predicate<PlatformState.Snapshot> reached)
            throws InterruptedException {
        PlatformState.Snapshot snapshot = state.readBatch(batch.messageIds());
        while (!reached.test(snapshot) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            snapshot = state.readBatch(batch.messageIds());
            progress.accept(progressLine(snapshot, cards, Duration.ofNanos(System.nanoTime() - started)));
        }
        return snapshot;
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

    private static String progressLine(PlatformState.Snapshot snapshot, int cards, Duration elapsed) {
        int width = 30;
        // The bar fills as cards finish (in ЛКО or FLAGGED), not as they are stored: storing is the quick part.
        long finished = snapshot.cardsInStages(IN_LKO) + snapshot.cardsInStage("FLAGGED");
        int filled = (int) Math.min(width, finished * width / Math.max(1, cards));
        return String.format(Locale.ROOT,
                "[%s%s] %d/%d cards · enriched %d · in ЛКО %d · link sent %d · surveys %d · raw processed %d"
                        + " · incidents %d · %.0f cards/s   ",
                "#".repeat(filled), ".".repeat(width - filled), snapshot.cards(), cards,
                snapshot.cardsInStage("ENRICHED"), snapshot.cardsInStages(IN_LKO), snapshot.cardsInStage("LINK_SENT"),
                snapshot.cardsInStage("SURVEY_COMPLETED"),
                snapshot.rawWithStatus(RAW_PROCESSED), snapshot.openIncidents(),
                snapshot.cards() / Math.max(0.001, elapsed.toMillis() / 1000.0));
    }
}
