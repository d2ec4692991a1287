package ru.moku.cardprocessor.card;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A card as operators see it: its stage, its application and its two parties.
 *
 * @param flagReason why the card is FLAGGED ({@code null} otherwise)
 */
public record CardView(UUID id, String stage, String flagReason, String serviceCode, String applicationNumber,
                       LocalDate applicationDate, OffsetDateTime receivedAt, PartyView organisation,
                       PartyView founder) {

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
