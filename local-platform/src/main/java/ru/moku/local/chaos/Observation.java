package ru.moku.local.chaos;

import java.util.Map;

/**
 * What the databases (schemas smev, qal, enrichment, pos_os, lko), the SMEV simulator and RabbitMQ say about one
 * scenario's batch once it settled: the figures {@link Invariants} judges.
 *
 * @param messages                 SMEV messages queued (one card each)
 * @param invalidInnCards          of those, cards generated with a wrong ИНН (expected FLAGGED)
 * @param messagesWithOneCard      messages stored as exactly one card
 * @param messagesWithoutCard      messages with no card
 * @param messagesWithSeveralCards messages stored as more than one card (doubled)
 * @param rawProcessed             the batch's raw messages the gateway closed as processed (status 3)
 * @param cardsByStage             the batch's cards by stage
 * @param refusedCards             cards whose organisation ЛКО refused (ПОС.ОС status MANUAL_REVIEW)
 * @param refusedCardsEnriched     of those, cards at ENRICHED (where a refused card stays)
 * @param answered                 survey links the suite answered (the gateway took the answers: 202)
 * @param cardsWithOnePosOs        cards not FLAGGED with exactly one ПОС.ОС organisation of their ИНН+ОГРН
 * @param cardsWithSeveralPosOs    cards not FLAGGED whose ИНН+ОГРН is in ПОС.ОС more than once
 * @param cardsWithOneLko          cards expected in ЛКО with exactly one ЛКО organisation, the card's МОКУ id
 * @param cardsWithSeveralLko      cards whose ИНН+ОГРН is in ЛКО more than once
 * @param refusedCardsInLko        refused cards whose organisation is in ЛКО all the same
 * @param cardsWithOneLink         cards expected in ЛКО with exactly one SendRequest at the SMEV simulator
 * @param cardsWithSeveralLinks    cards with more than one SendRequest (links sent twice)
 * @param linksToOtherCards        SendRequests for application numbers that should have had none (FLAGGED, refused)
 * @param cardsWithSeveralAnswers  cards with more than one answer registration (qal.poll_answer_registers)
 * @param acknowledged             the batch's messages the gateway acknowledged to the SMEV simulator
 * @param acknowledgedStored       of those, stored as raw messages
 * @param outboxUnpublished        unpublished outbox rows by schema
 * @param deadLettered             messages in the run's dead-letter queues
 * @param deadLetteredWithIncident of those, with an incident in some service schema
 * @param poisonPublished          poison messages the suite published (0 but in the poison scenario)
 * @param poisonWithIncident       of those, dead-lettered with their incident
 * @param partiesWithoutOktmo      organisations and founders of cards not FLAGGED whose ОКТМО lookup FAILED
 * @param partiesWithoutOktmoWithIncident of those, with a Dadata incident for their ИНН in enrichment
 * @param openIncidentsByKind      open incidents by schema and kind (information)
 */
public record Observation(int messages, int invalidInnCards, long messagesWithOneCard, long messagesWithoutCard,
                          long messagesWithSeveralCards, long rawProcessed, Map<String, Long> cardsByStage,
                          long refusedCards, long refusedCardsEnriched, int answered, long cardsWithOnePosOs,
                          long cardsWithSeveralPosOs, long cardsWithOneLko, long cardsWithSeveralLko,
                          long refusedCardsInLko, long cardsWithOneLink, long cardsWithSeveralLinks,
                          long linksToOtherCards, long cardsWithSeveralAnswers, long acknowledged,
                          long acknowledgedStored, Map<String, Long> outboxUnpublished, long deadLettered,
                          long deadLetteredWithIncident, int poisonPublished, long poisonWithIncident,
                          long partiesWithoutOktmo, long partiesWithoutOktmoWithIncident,
                          Map<String, Long> openIncidentsByKind) {

    public Observation {
        cardsByStage = Map.copyOf(cardsByStage);
        outboxUnpublished = Map.copyOf(outboxUnpublished);
        openIncidentsByKind = Map.copyOf(openIncidentsByKind);
    }

    public long cardsInStage(String stage) {
        return cardsByStage.getOrDefault(stage, 0L);
    }

    public long cards() {
        return cardsByStage.values().stream().mapToLong(Long::longValue).sum();
    }
}
