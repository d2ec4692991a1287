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
     * Inserts the card unless it exists. Emits {@code true} when inserted now, {@code false} when the
     * card was stored before (a re-published card after an operator's reprocessing).
     */
    Mono<Boolean> insertCard(ServiceCard card, CardStage stage, String flagReason) {
        return db.sql("""
                        INSERT INTO service_card (id, raw_message_id, smev_message_id, position, service_code,
                                                  application_number, application_date, stage, flag_reason)
                        VALUES (:id, :rawMessageId, :smevMessageId, :position, :serviceCode,
                                :applicationNumber, :applicationDate, :stage, :flagReason)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", card.cardId())
                .bind("rawMessageId", card.rawMessageId())
                .bind("smevMessageId", card.smevMessageId())
                .bind("position", card.position())
                .bind("serviceCode", card.serviceCode())
                .bind("applicationNumber", card.applicationNumber())
                .bind("applicationDate", card.applicationDate())
                .bind("stage", stage.name())
                .bind("flagReason", Optional.ofNullable(flagReason).orElse(""))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    Mono<Void> insertOrganisation(UUID cardId, ServiceCard.Organisation organisation, IdentifierCheck.Result check) {
        return db.sql("""
                        INSERT INTO organisation (card_id, moku_organisation_id, name, inn, ogrn, kpp, address,
                                                  inn_valid, ogrn_valid)
                        VALUES (:cardId, :mokuOrganisationId, :name, :inn, :ogrn, :kpp, :address, :innValid,
                                :ogrnValid)""")
                .bind("cardId", cardId)
                .bind("mokuOrganisationId", OrganisationIdentity.of(organisation.inn(), organisation.ogrn()))
                .bind("name", organisation.name())
                .bind("inn", organisation.inn())
                .bind("ogrn", organisation.ogrn())
                .bind("kpp", orEmpty(organisation.kpp()))
                .bind("address", orEmpty(organisation.address()))
                .bind("innValid", check.organisationInnValid())
                .bind("ogrnValid", check.organisationOgrnValid())
                .fetch().rowsUpdated().then();
    }

    Mono<Void> insertFounder(UUID cardId, ServiceCard.Founder founder, IdentifierCheck.Result check) {
        return db.sql("""
                        INSERT INTO founder (card_id, kind, name, last_name, first_name, middle_name, inn, ogrn,
                                             inn_valid, ogrn_valid)
                        VALUES (:cardId, :kind, :name, :lastName, :firstName, :middleName, :inn, :ogrn,
                                :innValid, :ogrnValid)""")
                .bind("cardId", cardId)
                .bind("kind", founder.kind().name())
                .bind("name", orEmpty(founder.name()))
                .bind("lastName", orEmpty(founder.lastName()))
                .bind("firstName", orEmpty(founder.firstName()))
                .bind("middleName", orEmpty(founder.middleName()))
                .bind("inn", founder.inn())
                .bind("ogrn", orEmpty(founder.ogrn()))
                .bind("innValid", check.founderInnValid())
                .bind("ogrnValid", check.founderOgrnValid())
                .fetch().rowsUpdated().then();
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
