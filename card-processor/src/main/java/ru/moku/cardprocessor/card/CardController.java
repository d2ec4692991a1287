package ru.moku.cardprocessor.card;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** Operator view of cards: one card with its organisation and founder, and counts per stage. */
@RestController
@RequestMapping("/api/v1/cards")
class CardController {

    private final DatabaseClient db;

    CardController(DatabaseClient db) {
        this.db = db;
    }

    @GetMapping("/{id}")
    Mono<CardView> card(@PathVariable UUID id) {
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
                .bind("id", id)
                .map(row -> new CardView(
                        row.get("id", UUID.class),
                        row.get("stage", String.class),
                        emptyToNull(row.get("flag_reason", String.class)),
                        row.get("service_code", String.class),
                        row.get("application_number", String.class),
                        row.get("application_date", LocalDate.class),
                        row.get("received_at", OffsetDateTime.class),
                        new PartyView(row.get("org_name", String.class), row.get("org_inn", String.class),
                                row.get("org_ogrn", String.class), row.get("org_oktmo", String.class),
                                row.get("org_oktmo_status", String.class), row.get("org_oktmo_reason", String.class),
                                null),
                        new PartyView(row.get("founder_name", String.class), row.get("founder_inn", String.class),
                                emptyToNull(row.get("founder_ogrn", String.class)),
                                row.get("founder_oktmo", String.class), row.get("founder_oktmo_status", String.class),
                                row.get("founder_oktmo_reason", String.class), row.get("founder_kind", String.class))))
                .one()
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no card " + id)));
    }

    /** Number of cards in each stage. */
    @GetMapping("/stages")
    Mono<Map<String, Long>> stages() {
        return db.sql("SELECT stage, count(*) AS n FROM service_card GROUP BY stage")
                .map(row -> Map.entry(row.get("stage", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    record CardView(UUID id, String stage, String flagReason, String serviceCode, String applicationNumber,
                    LocalDate applicationDate, OffsetDateTime receivedAt, PartyView organisation, PartyView founder) {
    }

    /**
     * A party of the card.
     *
     * @param oktmoStatus FOUND, NOT_FOUND or FAILED once enrichment answered, {@code null} before
     * @param oktmoReason why there is no ОКТМО, when there is none
     * @param kind        the founder's kind ({@code null} for the organisation)
     */
    record PartyView(String name, String inn, String ogrn, String oktmo, String oktmoStatus, String oktmoReason,
                     String kind) {
    }
}
