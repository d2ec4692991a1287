package ru.moku.model.messaging;

import java.util.List;

/**
 * Every exchange, queue, routing key and Kafka topic of the platform, in one place.
 *
 * <p>Names are logical: a deployment (or a test) may put a prefix in front of all of them
 * ({@code moku.messaging.name-prefix}) so that several environments share one broker without
 * seeing each other's messages.
 */
public final class Destinations {

    /** Topic exchange for the intake chain (gateway ↔ card-processor). */
    public static final String INTAKE_EXCHANGE = "moku.intake";
    /** Topic exchange for enrichment requests and results (card-processor ↔ enrichment). */
    public static final String ENRICHMENT_EXCHANGE = "moku.enrichment";
    /** Topic exchange for the organisation hand-off (card-processor → org-registry → ЛКО → card-processor). */
    public static final String ORGANISATION_EXCHANGE = "moku.organisations";
    /** Topic exchange for the survey loop (card-processor → gateway → SMEV; ЛКП → survey-service → card-processor). */
    public static final String SURVEY_EXCHANGE = "moku.surveys";
    /** Direct exchange every work queue dead-letters into, routed by the queue's own name. */
    public static final String DEAD_LETTER_EXCHANGE = "moku.dlx";

    /** Suffix of the dead-letter queue that belongs to each work queue. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /** Service cards, gateway → card-processor (seed 000 step 4). */
    public static final WorkQueue SERVICE_CARDS =
            new WorkQueue(INTAKE_EXCHANGE, "service-card", "qal.service-cards");
    /** Outcome of each card, card-processor → gateway: closes the integration instance. */
    public static final WorkQueue CARD_OUTCOMES =
            new WorkQueue(INTAKE_EXCHANGE, "service-card.outcome", "smev.card-outcomes");

    /** Enrichment requests, card-processor → enrichment (seed 000 step 7). */
    public static final WorkQueue ENRICHMENT_REQUESTS =
            new WorkQueue(ENRICHMENT_EXCHANGE, "enrichment.request", "enrichment.requests");
    /** Enrichment results, enrichment → card-processor: one per request. */
    public static final WorkQueue ENRICHMENT_RESULTS =
            new WorkQueue(ENRICHMENT_EXCHANGE, "enrichment.result", "qal.enrichment-results");

    /** Lookups to do again after an operator retried a {@code DADATA_LOOKUP_FAILED} incident, enrichment → itself (issue 13). */
    public static final WorkQueue OKTMO_RELOOKUPS =
            new WorkQueue(ENRICHMENT_EXCHANGE, "enrichment.oktmo-relookup", "enrichment.oktmo-relookups");
    /** ОКТМО found for a party after all, enrichment → card-processor: the correction loop (issue 13). */
    public static final WorkQueue OKTMO_CORRECTIONS =
            new WorkQueue(ENRICHMENT_EXCHANGE, "enrichment.oktmo-corrected", "qal.oktmo-corrections");

    /** Organisations submitted to ПОС.ОС, card-processor → org-registry (seed 000 steps 8–10, variant 1). */
    public static final WorkQueue ORGANISATION_SUBMISSIONS =
            new WorkQueue(ORGANISATION_EXCHANGE, "organisation.submitted", "pos-os.organisations");
    /** Hand-offs to ЛКО, org-registry → itself: the ЛКО call runs off the request that accepted the organisation (step 11). */
    public static final WorkQueue LKO_HANDOFFS =
            new WorkQueue(ORGANISATION_EXCHANGE, "organisation.lko-handoff", "pos-os.lko-handoffs");
    /** Submissions to ПОС.ОС over REST (variant 2), card-processor → itself: the call runs off the card's transaction. */
    public static final WorkQueue ORGANISATION_HANDOFFS =
            new WorkQueue(ORGANISATION_EXCHANGE, "organisation.handoff", "qal.organisation-handoffs");
    /** Organisations created in ЛКО, org-registry → card-processor (the pair of ids). */
    public static final WorkQueue ORGANISATIONS_REGISTERED =
            new WorkQueue(ORGANISATION_EXCHANGE, "organisation.registered", "qal.organisations-registered");

    /** Survey links to send through SMEV, card-processor → gateway (seed 000 steps 12–15). */
    public static final WorkQueue SURVEY_LINKS = new WorkQueue(SURVEY_EXCHANGE, "survey.link", "smev.survey-links");
    /** SMEV accepted the link, gateway → card-processor (step 15). */
    public static final WorkQueue SURVEY_LINKS_SENT =
            new WorkQueue(SURVEY_EXCHANGE, "survey.link-sent", "qal.survey-links-sent");
    /** SMEV's status of a survey link's SendRequest (AsyncProcessingStatus, RequestRejected), gateway → card-processor. */
    public static final WorkQueue SURVEY_LINK_DELIVERIES =
            new WorkQueue(SURVEY_EXCHANGE, "survey.link-delivery", "qal.survey-link-deliveries");
    /** Answers accepted from ЛКП, survey-service → itself: stored off the request (steps 19–20). */
    public static final WorkQueue SURVEY_SUBMISSIONS =
            new WorkQueue(SURVEY_EXCHANGE, "survey.submitted", "lko.survey-submissions");
    /** Answers stored, survey-service → card-processor (steps 21–22). */
    public static final WorkQueue SURVEYS_COMPLETED =
            new WorkQueue(SURVEY_EXCHANGE, "survey.completed", "qal.surveys-completed");

    /** Kafka: every stage change of a card, keyed by card id (canonical event log). */
    public static final String CARD_STAGE_TOPIC = "moku.card-stage-events";
    /** Kafka: every incident, keyed by its subject. */
    public static final String INCIDENT_TOPIC = "moku.incidents";
    /** Kafka: a new version of the ОКТМО directory became current (survey-service), keyed by the version id. */
    public static final String OKTMO_DIRECTORY_TOPIC = "moku.oktmo-directory.changed";

    /** All work queues, for topology declaration and operations tooling. */
    public static final List<WorkQueue> WORK_QUEUES =
            List.of(SERVICE_CARDS, CARD_OUTCOMES, ENRICHMENT_REQUESTS, ENRICHMENT_RESULTS, ORGANISATION_SUBMISSIONS,
                    LKO_HANDOFFS, ORGANISATIONS_REGISTERED, ORGANISATION_HANDOFFS, SURVEY_LINKS, SURVEY_LINKS_SENT,
                    SURVEY_LINK_DELIVERIES, SURVEY_SUBMISSIONS, SURVEYS_COMPLETED,
                    OKTMO_RELOOKUPS, OKTMO_CORRECTIONS);
    /** All exchanges: those of the work queues, then the dead-letter exchange (for cleanup tooling). */
    public static final List<String> EXCHANGES = List.of(INTAKE_EXCHANGE, ENRICHMENT_EXCHANGE, ORGANISATION_EXCHANGE,
            SURVEY_EXCHANGE, DEAD_LETTER_EXCHANGE);
    /** All Kafka topics. */
    public static final List<String> TOPICS = List.of(CARD_STAGE_TOPIC, INCIDENT_TOPIC, OKTMO_DIRECTORY_TOPIC);

    private Destinations() {
    }

    /**
     * A work queue with the exchange and routing key that feed it. Its dead-letter queue is
     * {@code queue + ".dlq"}, bound to {@link #DEAD_LETTER_EXCHANGE} with the queue's name.
     */
    public record WorkQueue(String exchange, String routingKey, String queue) {

        public String deadLetterQueue() {
            return queue + DEAD_LETTER_SUFFIX;
        }
    }
}
