package ru.moku.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Drives a demo batch through a running platform: queues generated messages in the SMEV simulator
 * (some delivered twice, some cards with a wrong ИНН), waits while the gateway pulls them, and
 * checks that every card reached its expected stage: CREATED_IN_LKO (ОКТМО asked of the Dadata simulator, the
 * organisation handed to ПОС.ОС = org-registry and created in ЛКО = survey-service, the pair of ids back on the card)
 * or a later one (the survey's stages), or FLAGGED for a wrong ИНН.
 */
public final class Demo {

    private static final int RAW_PROCESSED = 3;
    /**
     * Where a valid card is expected: created in ЛКО (seed 000 step 11), or already further on — the survey's link
     * sent and its answers in (steps 12–22) follow without waiting for anyone but the respondent.
     */
    static final List<String> IN_LKO = List.of("CREATED_IN_LKO", "LINK_SENT", "SURVEY_COMPLETED");

    private final Platform platform;
    private final PlatformState state;

    public Demo(Platform platform, PlatformState state) {
        this.platform = platform;
        this.state = state;
    }

    /** The outcome of a demo run. */
    public record Result(int expectedCards, int expectedFlagged, PlatformState.Snapshot last, Duration elapsed,
                         boolean completed) {

        public boolean success() {
            return completed && last.duplicateCards() == 0;
        }

        public double cardsPerSecond() {
            return last.cards() / Math.max(0.001, elapsed.toMillis() / 1000.0);
        }

        public String summary() {
            return String.format(Locale.ROOT, """
                    ── Summary ───────────────────────────────────────────
                    messages in (raw)        %d   (status 3 processed: %d, -3 with errors: %d, -1 invalid: %d)
                    cards stored             %d of %d expected   (duplicates: %d)
                    cards by stage           %s   (expected in ЛКО or later: %d, FLAGGED: %d)
                    parties by ОКТМО status  %s
                    ПОС.ОС organisations     %d by status %s   (open manual reviews: %d)
                    ЛКО organisations        %d
                    open incidents           %d
                    elapsed                  %.1f s   throughput %.0f cards/s
                    result                   %s""",
                    last.rawMessages(), last.rawWithStatus(RAW_PROCESSED), last.rawWithStatus(-3),
                    last.rawWithStatus(-1), last.cards(), expectedCards, last.duplicateCards(), last.cardsByStage(),
                    expectedCards - expectedFlagged, expectedFlagged, last.partiesByOktmoStatus(),
                    last.posOsOrganisations(), last.posOsOrganisationsByStatus(), last.openManualReviews(),
                    last.lkoOrganisations(), last.openIncidents(), elapsed.toMillis() / 1000.0,
                    cardsPerSecond(),
                    success() ? "OK — every card reached its expected stage"
                            : "FAILED — not every card reached its expected stage in time");
        }
    }

    public Result run(int cards, double invalidShare, double duplicateShare, Duration timeout,
                      Consumer<String> progress) throws InterruptedException {
        SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
        smev.duplicateDeliveries(duplicateShare);
        long started = System.nanoTime();
        int flagged = smev.generate(cards, invalidShare, 20261122L);
        long deadline = started + timeout.toNanos();
        PlatformState.Snapshot snapshot = state.read();
        while (!done(snapshot, cards, flagged) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            snapshot = state.read();
            progress.accept(progressLine(snapshot, cards, Duration.ofNanos(System.nanoTime() - started)));
        }
        return new Result(cards, flagged, snapshot, Duration.ofNanos(System.nanoTime() - started),
                done(snapshot, cards, flagged));
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
                "[%s%s] %d/%d cards · enriched %d · registered %d · in ЛКО %d · raw processed %d · incidents %d"
                        + " · %.0f cards/s   ",
                "#".repeat(filled), ".".repeat(width - filled), snapshot.cards(), cards,
                snapshot.cardsInStage("ENRICHED"), snapshot.cardsInStage("REGISTERED"), snapshot.cardsInStages(IN_LKO),
                snapshot.rawWithStatus(RAW_PROCESSED), snapshot.openIncidents(),
                snapshot.cards() / Math.max(0.001, elapsed.toMillis() / 1000.0));
    }
}
