package ru.moku.model.incident;

import java.util.Arrays;
import java.util.List;

/**
 * Every kind of incident the platform registers: which service owns it (registers it and answers for it) and
 * whether an operator can re-drive it ({@code POST /api/v1/incidents/{id}/retry}) or only resolve it. The name is
 * the stable code stored in each service's {@code incident} table and sent in {@code IncidentRegistered}.
 */
public enum IncidentKind {

    /** A delivery that cannot be read as the queue's message type; dead-lettered. */
    POISON_MESSAGE(Owner.ANY, false, "a delivery could not be read as its queue's message; it was dead-lettered"),
    /** The handler refused a message for good (a permanent failure); dead-lettered. */
    PROCESSING_FAILED(Owner.ANY, false, "a message failed for good in its handler; it was dead-lettered"),
    /** Transient failures outlasted the consumer's retries; dead-lettered. */
    RETRIES_EXHAUSTED(Owner.ANY, false, "a message kept failing until the retries were spent; it was dead-lettered"),
    /**
     * A row of the service's outbox could not be published: the broker refused it for good (unroutable, too large,
     * an invalid topic) or it failed {@code moku.messaging.outbox.max-attempts} times. The row is parked (the relay
     * goes on with the others); re-driving makes it due again with its attempts reset. The runtime's only
     * re-drivable kind: every service re-drives it itself.
     */
    OUTBOX_UNPUBLISHABLE(Owner.ANY, true, "a message could not be published from the outbox; retry publishes it again"),

    /** A stored SMEV message is not valid service data (seed 000 step 4: status -1). */
    INVALID_SMEV_MESSAGE(Owner.GATEWAY, false, "an SMEV message is not valid service data"),
    /** A stored SMEV message could not be split into instances and cards. */
    SPLIT_FAILED(Owner.GATEWAY, false, "an SMEV message could not be split into service cards"),
    /**
     * An SMEV message's XML signature (SMEV's, the sender's or a personal one) does not verify or is missing
     * where verification is on; the message is stored with status -1 and never processed.
     */
    SIGNATURE_INVALID(Owner.GATEWAY, false, "an SMEV message's signature does not verify; it was stored, not processed"),
    /**
     * An attachment of an SMEV message is missing, corrupt, badly signed or too large; the message was not
     * stored and not acknowledged, so SMEV keeps it (nothing to re-drive here: SMEV delivers it again).
     */
    ATTACHMENT_INVALID(Owner.GATEWAY, false, "an SMEV message's attachment is missing or corrupt; SMEV keeps the message"),
    /**
     * A file an SMEV message references on SMEV's file storage ({@code FSAttachmentsList}) could not be fetched (or
     * failed its hash or signature) until the attempts were spent; re-driving sets it back to pending, so the
     * gateway fetches it again.
     */
    FS_ATTACHMENT_UNAVAILABLE(Owner.GATEWAY, true, "a file on SMEV's file storage could not be fetched; retry fetches it again"),
    /** SMEV did not accept the survey link for a card (seed 000 steps 12–15). */
    SURVEY_LINK_NOT_SENT(Owner.GATEWAY, true, "SMEV did not accept the survey link"),

    /**
     * SMEV or ЛК ЕПГУ refused the notification with a card's survey link after SMEV had accepted it
     * ({@code AsyncProcessingStatus} requestIsRejectedBySmev, doesNotExist, cancelled …, or {@code RequestRejected});
     * re-driving sends the same link again in a new SendRequest.
     */
    SURVEY_LINK_REFUSED(Owner.CARD_PROCESSOR, true, "the survey link's notification was refused after SMEV accepted it"),
    /** A card's ИНН/ОГРН fails its check digits; the card is FLAGGED (seed 000 step 6). */
    INVALID_IDENTIFIER(Owner.CARD_PROCESSOR, false, "a card carries an invalid ИНН/ОГРН; it waits for manual analysis"),
    /** ПОС.ОС refused the organisation (REST variant of seed 000 steps 8–10). */
    ORG_REGISTRY_REJECTED(Owner.CARD_PROCESSOR, true, "ПОС.ОС refused the organisation"),
    /** ПОС.ОС could not be reached until the retries were spent. */
    ORG_REGISTRY_UNAVAILABLE(Owner.CARD_PROCESSOR, true, "ПОС.ОС could not be reached"),

    /**
     * Dadata could not be asked about a party (retries spent, timeouts, 5xx). Re-driving looks the party up again; a
     * found ОКТМО goes to its cards, ПОС.ОС and ЛКО, a failure again registers a new incident with the reason.
     */
    DADATA_LOOKUP_FAILED(Owner.ENRICHMENT, true, "Dadata could not be asked about a party; retry looks it up again"),
    /** Dadata refused our key or the daily quota is spent (401/403); lookups pause. */
    DADATA_ACCESS_DENIED(Owner.ENRICHMENT, false, "Dadata refused the API key or the quota is spent"),
    /** Dadata refused a request as malformed (4xx other than 401/403/429). */
    DADATA_REQUEST_REJECTED(Owner.ENRICHMENT, false, "Dadata refused the lookup request"),

    /** A submitted organisation fails ПОС.ОС's rules. */
    INVALID_ORGANISATION(Owner.ORG_REGISTRY, false, "an organisation submitted to ПОС.ОС fails its rules"),
    /** ЛКО refused the organisation (422); it waits in manual review (seed 000 step 11). */
    LKO_REJECTED(Owner.ORG_REGISTRY, true, "ЛКО refused the organisation"),
    /** ЛКО could not be reached until the retries were spent. */
    LKO_UNAVAILABLE(Owner.ORG_REGISTRY, true, "ЛКО could not be reached");

    /** The service that registers a kind; {@link #ANY} for the runtime's own kinds, registered by every service. */
    public enum Owner {
        ANY, GATEWAY, CARD_PROCESSOR, ENRICHMENT, ORG_REGISTRY, SURVEY_SERVICE;

        /** The kinds this service may register: its own and the runtime's. */
        public List<IncidentKind> catalogue() {
            return Arrays.stream(IncidentKind.values())
                    .filter(kind -> kind.owner == this || kind.owner == ANY)
                    .toList();
        }
    }

    private final Owner owner;
    private final boolean redrivable;
    private final String description;

    IncidentKind(Owner owner, boolean redrivable, String description) {
        this.owner = owner;
        this.redrivable = redrivable;
        this.description = description;
    }

    /** The service that registers and answers for this kind. */
    public Owner owner() {
        return owner;
    }

    /** Whether an operator can re-drive the failed step (else the incident can only be resolved). */
    public boolean redrivable() {
        return redrivable;
    }

    /** One sentence for operators. */
    public String description() {
        return description;
    }
}
