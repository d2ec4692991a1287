package ru.moku.model.intake;

import ru.moku.model.party.FounderKind;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A service card ("карточка услуги"): one card of the service data delivered through SMEV, as the
 * gateway publishes it to card-processor (seed 000 step 4).
 *
 * <p>Identifiers travel as the strings SMEV delivered (schema-checked for length and digits only):
 * their check digits are verified by card-processor, which flags a card whose identifiers are wrong
 * instead of losing it (seed 000 step 6).
 *
 * @param cardId            id of the card, equal to the id of its integration instance in the gateway
 * @param rawMessageId      the gateway's id of the stored raw SMEV message
 * @param smevMessageId     SMEV's {@code MessageMetadata/MessageId}
 * @param position          the card's position within the message (0-based)
 * @param serviceCode       code of the government service
 * @param applicationNumber the applicant's application number
 * @param applicationDate   date of the application
 * @param organisation      the organisation the service was provided to
 * @param founder           its founder
 * @param attempt           which publication of the card this is (1 the first; the gateway's reprocessing publishes it
 *                          again with the next number); card-processor echoes it in its {@link CardOutcome}, so an
 *                          outcome of an earlier publication arriving late is recognised. {@code null} from a gateway
 *                          that did not number publications yet
 */
public record ServiceCard(
        UUID cardId,
        UUID rawMessageId,
        String smevMessageId,
        int position,
        String serviceCode,
        String applicationNumber,
        LocalDate applicationDate,
        Organisation organisation,
        Founder founder,
        Integer attempt) {

    /** A card of its first publication. */
    public ServiceCard(UUID cardId, UUID rawMessageId, String smevMessageId, int position, String serviceCode,
                       String applicationNumber, LocalDate applicationDate, Organisation organisation,
                       Founder founder) {
        this(cardId, rawMessageId, smevMessageId, position, serviceCode, applicationNumber, applicationDate,
                organisation, founder, 1);
    }

    /** The same card as publication number {@code attempt}. */
    public ServiceCard withAttempt(int attempt) {
        return new ServiceCard(cardId, rawMessageId, smevMessageId, position, serviceCode, applicationNumber,
                applicationDate, organisation, founder, attempt);
    }

    public ServiceCard {
        Objects.requireNonNull(cardId, "cardId");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(founder, "founder");
    }

    /** The organisation of a card. {@code kpp} and {@code address} may be absent. */
    public record Organisation(String name, String inn, String ogrn, String kpp, String address) {
    }

    /**
     * The founder of the organisation: a legal entity ({@code name}, 10-digit ИНН, ОГРН) or a person
     * (ФИО, 12-digit ИНН, optional ОГРНИП in {@code ogrn}).
     */
    public record Founder(FounderKind kind, String name, String lastName, String firstName, String middleName,
                          String inn, String ogrn) {

        public static Founder legalEntity(String name, String inn, String ogrn) {
            return new Founder(FounderKind.LEGAL_ENTITY, name, null, null, null, inn, ogrn);
        }

        public static Founder person(String lastName, String firstName, String middleName, String inn, String ogrnip) {
            return new Founder(FounderKind.PERSON, null, lastName, firstName, middleName, inn, ogrnip);
        }

        /** The name to show: the legal entity's name or the person's full name. */
        public String displayName() {
            if (kind == FounderKind.LEGAL_ENTITY) {
                return name;
            }
            return middleName == null || middleName.isBlank()
                    ? lastName + " " + firstName
                    : lastName + " " + firstName + " " + middleName;
        }
    }
}
