package ru.moku.cardprocessor.intake;

import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.handoff.OrganisationIdentity;
import ru.moku.model.intake.CardStage;
import ru.moku.model.intake.ServiceCard;

/** Writes a card, its organisation and founder into the {@code qal} schema. */
@Repository
class CardRepository {

    private final DatabaseClient db;

    CardRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Inserts the card with its organisation and founder, unless the card exists: one statement (a data-modifying
     * CTE), so a card costs one round trip however many tables it fills. Emits {@code true} when inserted now,
     * {@code false} when the card was stored before (a re-published card after an operator's reprocessing; then
     * nothing is written).
     */
    Mono<Boolean> insert(ServiceCard card, CardStage stage, String flagReason, IdentifierCheck.Result check) {
        ServiceCard.Organisation organisation = card.organisation();
        ServiceCard.Founder founder = card.founder();
        return db.sql("""
                        WITH card AS (
                            INSERT INTO service_card (id, raw_message_id, smev_message_id, position, service_code,
                                                      application_number, application_date, stage, flag_reason)
                            VALUES (:id, :rawMessageId, :smevMessageId, :position, :serviceCode,
                                    :applicationNumber, :applicationDate, :stage, :flagReason)
                            ON CONFLICT (id) DO NOTHING
                            RETURNING id),
                        organisation_row AS (
                            INSERT INTO organisation (card_id, moku_organisation_id, name, inn, ogrn, kpp, address,
                                                      inn_valid, ogrn_valid)
                            SELECT id, :mokuOrganisationId, :orgName, :orgInn, :orgOgrn, :orgKpp, :orgAddress,
                                   :orgInnValid, :orgOgrnValid
                            FROM card),
                        founder_row AS (
                            INSERT INTO founder (card_id, kind, name, last_name, first_name, middle_name, inn, ogrn,
                                                 inn_valid, ogrn_valid)
                            SELECT id, :founderKind, :founderName, :lastName, :firstName, :middleName, :founderInn,
                                   :founderOgrn, :founderInnValid, :founderOgrnValid
                            FROM card)
                        SELECT count(*) AS inserted FROM card""")
                .bind("id", card.cardId())
                .bind("rawMessageId", card.rawMessageId())
                .bind("smevMessageId", card.smevMessageId())
                .bind("position", card.position())
                .bind("serviceCode", card.serviceCode())
                .bind("applicationNumber", card.applicationNumber())
                .bind("applicationDate", card.applicationDate())
                .bind("stage", stage.name())
                .bind("flagReason", Optional.ofNullable(flagReason).orElse(""))
                .bind("mokuOrganisationId", OrganisationIdentity.of(organisation.inn(), organisation.ogrn()))
                .bind("orgName", organisation.name())
                .bind("orgInn", organisation.inn())
                .bind("orgOgrn", organisation.ogrn())
                .bind("orgKpp", orEmpty(organisation.kpp()))
                .bind("orgAddress", orEmpty(organisation.address()))
                .bind("orgInnValid", check.organisationInnValid())
                .bind("orgOgrnValid", check.organisationOgrnValid())
                .bind("founderKind", founder.kind().name())
                .bind("founderName", orEmpty(founder.name()))
                .bind("lastName", orEmpty(founder.lastName()))
                .bind("firstName", orEmpty(founder.firstName()))
                .bind("middleName", orEmpty(founder.middleName()))
                .bind("founderInn", founder.inn())
                .bind("founderOgrn", orEmpty(founder.ogrn()))
                .bind("founderInnValid", check.founderInnValid())
                .bind("founderOgrnValid", check.founderOgrnValid())
                .map(row -> row.get("inserted", Long.class))
                .one()
                .map(rows -> rows == 1);
    }

    /** The stage and flag reason of a stored card. */
    Mono<StoredCard> find(UUID cardId) {
        return db.sql("SELECT stage, flag_reason FROM service_card WHERE id = :id")
                .bind("id", cardId)
                .map(row -> new StoredCard(CardStage.valueOf(row.get("stage", String.class)),
                        emptyToNull(row.get("flag_reason", String.class))))
                .one();
    }

    record StoredCard(CardStage stage, String flagReason) {
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
