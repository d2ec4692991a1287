package ru.moku.cardprocessor.measurement;

import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.handoff.OrganisationIdentity;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.survey.SurveyLinkSent;

/**
 * Issue 12's census of card-processor's SQL: drives {@value #CARDS} cards through every handler (intake, enrichment
 * answer, ЛКО announcement with the survey link, link sent, a delivery status, survey completed) with the server
 * logging each statement of the service's connections, then prints every handler transaction's statements (of the
 * last card) and the totals per card. A measurement, not a test (no *Tests name, so only
 * {@code -Dtest=HandlerStatementsMeasurement} runs it); it needs read access to PostgreSQL's log file.
 */
class HandlerStatementsMeasurement {

    private static final int CARDS = 5;

    @Test
    void printTheStatementsOfEachHandler() throws Exception {
        long offset = StatementLog.size();
        try (CardProcessorUnderTest cardProcessor = CardProcessorUnderTest.start(StatementLog.LOG_EVERY_STATEMENT)) {
            String database = cardProcessor.database().name();
            for (int i = 0; i < CARDS; i++) {
                driveOneCard(cardProcessor);
            }
            Thread.sleep(500);
            List<StatementLog.Unit> units = StatementLog.read(database, offset);
            // Handler transactions are those that record a message in the inbox; the rest is the relay's polling.
            List<StatementLog.Unit> handlers = units.stream().filter(u -> !u.autocommit()
                    && u.statements().stream().anyMatch(s -> s.contains("INSERT INTO processed_message"))).toList();
            Map<String, int[]> perKind = new TreeMap<>();
            for (StatementLog.Unit unit : handlers) {
                String kind = kind(unit);
                perKind.computeIfAbsent(kind, k -> new int[2]);
                perKind.get(kind)[0]++;
                perKind.get(kind)[1] += unit.statements().size();
            }
            System.out.println("==== card-processor handler transactions (" + CARDS + " cards) ====");
            perKind.forEach((kind, n) -> System.out.printf("%-28s %3d tx %4d statements (%.1f per tx)%n", kind, n[0],
                    n[1], n[1] / (double) n[0]));
            int total = perKind.values().stream().mapToInt(n -> n[1]).sum();
            System.out.printf("statements per card in handler transactions: %.1f (+ BEGIN/COMMIT per tx)%n",
                    total / (double) CARDS);
            System.out.println("==== the last card's handler transactions ====");
            Map<String, StatementLog.Unit> last = new TreeMap<>();
            handlers.forEach(unit -> last.put(kind(unit), unit));
            last.forEach((kind, unit) -> {
                System.out.println("-- " + kind);
                unit.statements().forEach(s -> System.out.println("   " + abbreviate(s)));
            });
        }
    }

    private static void driveOneCard(CardProcessorUnderTest cardProcessor) {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        cardProcessor.enrich(card, "45380000");
        cardProcessor.awaitStage(card.cardId(), "ENRICHED");
        UUID lkoId = UUID.randomUUID();
        UUID mokuId = OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn());
        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED, Envelope.create(
                MessageTypes.ORGANISATION_REGISTERED, "moku/org-registry", card.cardId(), null,
                card.cardId().toString(), new OrganisationRegistered(mokuId, card.cardId(), lkoId)));
        cardProcessor.awaitStage(card.cardId(), "CREATED_IN_LKO");
        cardProcessor.awaitMessage(Destinations.SURVEY_LINKS, SurveyLinkIssued.class,
                link -> link.cardId().equals(card.cardId()));
        cardProcessor.publish(Destinations.SURVEY_LINKS_SENT, Envelope.create(MessageTypes.SURVEY_LINK_SENT,
                "moku/gateway", card.cardId(), null, card.cardId().toString(),
                new SurveyLinkSent(card.cardId(), "smev-" + card.cardId(), Instant.now())));
        cardProcessor.awaitStage(card.cardId(), "LINK_SENT");
        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, Envelope.create(MessageTypes.SURVEY_LINK_DELIVERY,
                "moku/gateway", card.cardId(), null, card.cardId().toString(), new SurveyLinkDelivery(card.cardId(),
                        "smev-" + card.cardId(), "messageIsDelivered", null, SurveyLinkDelivery.Outcome.DELIVERED,
                        Instant.now())));
        await().atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.count("survey_link WHERE card_id = '"
                + card.cardId() + "' AND delivery_outcome = 'DELIVERED'") == 1);
        cardProcessor.publish(Destinations.SURVEYS_COMPLETED, Envelope.create(MessageTypes.SURVEY_COMPLETED,
                "moku/survey-service", card.cardId(), null, card.cardId().toString(),
                new SurveyCompleted(card.cardId(), UUID.randomUUID(), "default", lkoId, 4, Instant.now())));
        cardProcessor.awaitStage(card.cardId(), "SURVEY_COMPLETED");
    }

    /** Which handler a transaction belongs to, by the consumer named in its inbox insert's parameters. */
    private static String kind(StatementLog.Unit unit) {
        String joined = String.join(" | ", unit.statements());
        if (joined.contains("INSERT INTO service_card") || joined.contains("service_card (id, raw_message_id")) {
            return "1 ServiceCard";
        }
        if (joined.contains("oktmo_status")) {
            return "2 EnrichmentResult";
        }
        if (joined.contains("lko_organisation_id = ")) {
            return "3 OrganisationRegistered";
        }
        if (joined.contains("survey_link_delivery")) {
            return "5 SurveyLinkDelivery";
        }
        if (joined.contains("poll_answer_registers")) {
            return "6 SurveyCompleted";
        }
        if (joined.contains("sent_at")) {
            return "4 SurveyLinkSent";
        }
        return "? other";
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 150 ? sql : sql.substring(0, 147) + "...";
    }
}
