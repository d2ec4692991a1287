package ru.moku.cardprocessor.card;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A card as operators see it: its stage, its application and its two parties.
 *
 * @param flagReason why the card is FLAGGED ({@code null} otherwise)
 */
public record CardView(UUID id, String stage, String flagReason, String serviceCode, String applicationNumber,
                       LocalDate applicationDate, OffsetDateTime receivedAt, PartyView organisation,
                       PartyView founder, SurveyLinkView surveyLink, List<TimelineEntry> timeline) {

    /** The same card with its survey link ({@code null}: none yet) and its timeline. */
    CardView with(SurveyLinkView link, List<TimelineEntry> entries) {
        return new CardView(id, stage, flagReason, serviceCode, applicationNumber, applicationDate, receivedAt,
                organisation, founder, link, List.copyOf(entries));
    }

    /**
     * The card's survey link as SMEV carried it (never the link itself: it holds the applicant's token).
     *
     * @param sentAt          when SMEV accepted the SendRequest, {@code null} before
     * @param smevMessageId   the SendRequest's MessageID
     * @param deliveryStatus  SMEV's last word about it (AsyncProcessingStatus category or RequestRejected code)
     * @param deliveryOutcome DELIVERED, REFUSED or PENDING; {@code null} before SMEV said anything
     * @param deliveryDetails the details SMEV gave
     * @param deliveredAt     when the gateway learnt that it reached ЛК ЕПГУ
     */
    public record SurveyLinkView(OffsetDateTime issuedAt, OffsetDateTime expiresAt, OffsetDateTime sentAt,
                                 String smevMessageId, String deliveryStatus, String deliveryOutcome,
                                 String deliveryDetails, OffsetDateTime deliveredAt) {
    }

    /**
     * One event of the card, oldest first: each stage it reached ({@code event} = the stage) and each status SMEV
     * gave about its survey link ({@code event} = {@code SURVEY_LINK_<outcome>}).
     */
    public record TimelineEntry(OffsetDateTime at, String event, String detail) {
    }

    /**
     * A party of the card.
     *
     * @param oktmoStatus FOUND, NOT_FOUND or FAILED once enrichment answered, {@code null} before
     * @param oktmoReason why there is no ОКТМО, when there is none ({@code CODE: sentence})
     * @param kind        the founder's kind ({@code null} for the organisation)
     */
    public record PartyView(String name, String inn, String ogrn, String oktmo, String oktmoStatus, String oktmoReason,
                            String kind) {
    }
}
