package ru.moku.model.messaging;

/** Values of {@link Envelope#type()}: reverse-DNS names, versioned by suffix. */
public final class MessageTypes {

    /** gateway → card-processor: one service card split out of an SMEV message (seed 000 step 4). */
    public static final String SERVICE_CARD = "ru.moku.intake.service-card.v1";
    /** card-processor → gateway: the card was taken over (stored, possibly flagged) or rejected. */
    public static final String CARD_OUTCOME = "ru.moku.intake.card-outcome.v1";
    /** card-processor → enrichment: find the ОКТМО of a card's parties (seed 000 step 7). */
    public static final String ENRICHMENT_REQUESTED = "ru.moku.enrichment.requested.v1";
    /** enrichment → card-processor: the outcome per party of an enrichment request. */
    public static final String ENRICHMENT_COMPLETED = "ru.moku.enrichment.completed.v1";
    /** enrichment → itself: look a party up again, its failed lookup's incident was retried (issue 13). */
    public static final String OKTMO_RELOOKUP_REQUESTED = "ru.moku.enrichment.oktmo-relookup-requested.v1";
    /** enrichment → card-processor: a party's ОКТМО found after all (issue 13). */
    public static final String OKTMO_CORRECTED = "ru.moku.enrichment.oktmo-corrected.v1";
    /** Kafka: a card's aggregated stage changed (seed 001 mechanism). */
    public static final String ORGANISATION_SUBMITTED = "ru.moku.organisation.submitted.v1";
    public static final String LKO_HANDOFF_REQUESTED = "ru.moku.organisation.lko-handoff-requested.v1";
    public static final String ORGANISATION_REGISTERED = "ru.moku.organisation.registered-in-lko.v1";
    public static final String SURVEY_LINK_ISSUED = "ru.moku.survey.link-issued.v1";
    public static final String SURVEY_LINK_SENT = "ru.moku.survey.link-sent.v1";
    /** gateway → card-processor: SMEV's status of the SendRequest that carried a survey link (delivered, refused). */
    public static final String SURVEY_LINK_DELIVERY = "ru.moku.survey.link-delivery.v1";
    public static final String SURVEY_SUBMITTED = "ru.moku.survey.submitted.v1";
    public static final String SURVEY_COMPLETED = "ru.moku.survey.completed.v1";
    public static final String CARD_STAGE_CHANGED = "ru.moku.card.stage-changed.v1";
    /** Kafka: an incident was registered for manual analysis. */
    public static final String INCIDENT_REGISTERED = "ru.moku.incident.registered.v1";
    /** Kafka: a new version of the ОКТМО directory became current (survey-service → analytics and anyone else). */
    public static final String OKTMO_DIRECTORY_CHANGED = "ru.moku.oktmo-directory.changed.v1";

    private MessageTypes() {
    }
}
