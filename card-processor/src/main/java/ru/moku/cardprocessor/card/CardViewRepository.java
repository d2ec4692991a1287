package ru.moku.cardprocessor.card;

import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.card.CardView.PartyView;

/** Reads cards for operators from {@code qal}; never writes (stages change through {@code CardStages} only). */
@Repository
class CardViewRepository {

    private final DatabaseClient db;

    CardViewRepository(DatabaseClient db) {
        this.db = db;
    }

    /** One card with its organisation and founder; empty for an unknown card. */
    Mono<CardView> find(UUID cardId) {
        return db.sql("""
                        SELECT c.id, c.stage, c.flag_reason, c.service_code, c.application_number, c.application_date,
                               c.received_at, o.name AS org_name, o.inn AS org_inn, o.ogrn AS org_ogrn,
                               o.oktmo AS org_oktmo, o.oktmo_status AS org_oktmo_status,
                               o.oktmo_reason AS org_oktmo_reason, f.kind AS founder_kind, f.inn AS founder_inn,
                               f.ogrn AS founder_ogrn, f.oktmo AS founder_oktmo, f.oktmo_status AS founder_oktmo_status,
                               f.oktmo_reason AS founder_oktmo_reason,
                               COALESCE(NULLIF(f.name, ''), f.last_name || ' ' || f.first_name) AS founder_name
                        FROM service_card c
                        JOIN organisation o ON o.card_id = c.id
                        JOIN founder f ON f.card_id = c.id
                        WHERE c.id = :id""")
                .bind("id", cardId)
                .map(CardViewRepository::card)
                .one()
                .flatMap(card -> Mono.zip(surveyLink(cardId).map(Optional::of).defaultIfEmpty(Optional.empty()),
                                timeline(cardId))
                        .map(parts -> card.with(parts.getT1().orElse(null), parts.getT2())));
    }

    private Mono<CardView.SurveyLinkView> surveyLink(UUID cardId) {
        return db.sql("""
                        SELECT issued_at, expires_at, sent_at, smev_message_id, delivery_status, delivery_outcome,
                               delivery_details, delivered_at
                        FROM survey_link WHERE card_id = :id""")
                .bind("id", cardId)
                .map(row -> new CardView.SurveyLinkView(row.get("issued_at", OffsetDateTime.class),
                        row.get("expires_at", OffsetDateTime.class), row.get("sent_at", OffsetDateTime.class),
                        row.get("smev_message_id", String.class), row.get("delivery_status", String.class),
                        row.get("delivery_outcome", String.class), row.get("delivery_details", String.class),
                        row.get("delivered_at", OffsetDateTime.class)))
                .one();
    }

    /** Stage history and survey link statuses, oldest first. */
    private Mono<List<CardView.TimelineEntry>> timeline(UUID cardId) {
        return db.sql("""
                        SELECT at, event, detail FROM (
                            SELECT at, stage AS event, reason AS detail, 0 AS source
                            FROM card_stage_history WHERE card_id = :id
                            UNION ALL
                            SELECT received_at, 'SURVEY_LINK_' || outcome,
                                   status || coalesce(': ' || details, '') || ' (SMEV message ' || smev_message_id || ')',
                                   1
                            FROM survey_link_delivery WHERE card_id = :id
                        ) events
                        ORDER BY at, source""")
                .bind("id", cardId)
                .map(row -> new CardView.TimelineEntry(row.get("at", OffsetDateTime.class),
                        row.get("event", String.class), emptyToNull(row.get("detail", String.class))))
                .all()
                .collectList();
    }

    /** The number of cards in each stage (stages without cards are absent). */
    Mono<Map<String, Long>> countByStage() {
        return db.sql("SELECT stage, count(*) AS n FROM service_card GROUP BY stage")
                .map(row -> Map.entry(row.get("stage", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static CardView card(Readable row) {
        return new CardView(
                row.get("id", UUID.class),
                row.get("stage", String.class),
                emptyToNull(row.get("flag_reason", String.class)),
                row.get("service_code", String.class),
                row.get("application_number", String.class),
                row.get("application_date", LocalDate.class),
                row.get("received_at", OffsetDateTime.class),
                new PartyView(row.get("org_name", String.class), row.get("org_inn", String.class),
                        row.get("org_ogrn", String.class), row.get("org_oktmo", String.class),
                        row.get("org_oktmo_status", String.class), row.get("org_oktmo_reason", String.class), null),
                new PartyView(row.get("founder_name", String.class), row.get("founder_inn", String.class),
                        emptyToNull(row.get("founder_ogrn", String.class)), row.get("founder_oktmo", String.class),
                        row.get("founder_oktmo_status", String.class), row.get("founder_oktmo_reason", String.class),
                        row.get("founder_kind", String.class)),
                null, List.of());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
