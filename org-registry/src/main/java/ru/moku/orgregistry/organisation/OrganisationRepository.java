package ru.moku.orgregistry.organisation;

import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;

/** Organisations and founders in schema {@code pos_os}. */
@Repository
class OrganisationRepository {

    private final DatabaseClient db;

    OrganisationRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Where an organisation stands after an acceptance: its status, once in ЛКО ЛКО's id, and whether this acceptance
     * changed what ЛКО's copy shows (then an organisation in ЛКО is sent the update).
     */
    record Standing(OrganisationStatus status, UUID lkoOrganisationId, boolean lkoChanged) {
    }

    /**
     * Inserts the organisation with its founder, or updates both if the submission differs from the last accepted
     * one — one statement (the founder's upsert is a data-modifying CTE fed by the organisation's). An update queues
     * the organisation for ЛКО again ({@code ACCEPTED}) unless ЛКО created it already: ЛКО has no update yet, so such
     * an organisation keeps {@code CREATED_IN_LKO} and only ПОС.ОС's copy changes.
     *
     * @return where the organisation stands after the write; empty when the submission repeats the stored one or its
     *         ОКТМО answer is older than the stored one's ({@code answered_at}, issue 13; nothing written)
     */
    Mono<Standing> upsert(OrganisationSubmission submission) {
        OrganisationSubmission.Founder founder = submission.founder();
        return db.sql("""
                        WITH previous AS (
                            SELECT lko_fingerprint FROM organisation WHERE moku_organisation_id = :id),
                        organisation_row AS (
                            INSERT INTO organisation (moku_organisation_id, card_id, name, inn, ogrn, kpp, address,
                                                      oktmo, oktmo_status, status, submission_hash, lko_fingerprint,
                                                      answered_at)
                            VALUES (:id, :cardId, :name, :inn, :ogrn, :kpp, :address, :oktmo, :oktmoStatus,
                                    'ACCEPTED', :hash, :lkoFingerprint, :answeredAt)
                            ON CONFLICT (moku_organisation_id) DO UPDATE SET
                                card_id = EXCLUDED.card_id, name = EXCLUDED.name, inn = EXCLUDED.inn,
                                ogrn = EXCLUDED.ogrn, kpp = EXCLUDED.kpp, address = EXCLUDED.address,
                                oktmo = EXCLUDED.oktmo, oktmo_status = EXCLUDED.oktmo_status,
                                submission_hash = EXCLUDED.submission_hash, updated_at = now(),
                                revision = organisation.revision + CASE WHEN organisation.lko_fingerprint
                                        IS DISTINCT FROM EXCLUDED.lko_fingerprint THEN 1 ELSE 0 END,
                                lko_fingerprint = EXCLUDED.lko_fingerprint,
                                answered_at = coalesce(EXCLUDED.answered_at, organisation.answered_at),
                                status = CASE WHEN organisation.status = 'CREATED_IN_LKO' THEN organisation.status
                                              ELSE 'ACCEPTED' END
                            WHERE organisation.submission_hash <> EXCLUDED.submission_hash
                              AND (EXCLUDED.answered_at IS NULL OR organisation.answered_at IS NULL
                                   OR organisation.answered_at <= EXCLUDED.answered_at)
                            RETURNING moku_organisation_id, status, lko_organisation_id),
                        founder_row AS (
                            INSERT INTO founder (moku_organisation_id, kind, name, last_name, first_name, middle_name,
                                                 inn, ogrn, oktmo, oktmo_status)
                            SELECT moku_organisation_id, :kind, :founderName, :lastName, :firstName, :middleName,
                                   :founderInn, :founderOgrn, :founderOktmo, :founderOktmoStatus
                            FROM organisation_row
                            ON CONFLICT (moku_organisation_id) DO UPDATE SET
                                kind = EXCLUDED.kind, name = EXCLUDED.name, last_name = EXCLUDED.last_name,
                                first_name = EXCLUDED.first_name, middle_name = EXCLUDED.middle_name,
                                inn = EXCLUDED.inn, ogrn = EXCLUDED.ogrn, oktmo = EXCLUDED.oktmo,
                                oktmo_status = EXCLUDED.oktmo_status)
                        SELECT status, lko_organisation_id,
                               (SELECT lko_fingerprint FROM previous) IS DISTINCT FROM :lkoFingerprint AS lko_changed
                        FROM organisation_row""")
                .bind("id", submission.mokuOrganisationId())
                .bind("cardId", submission.cardId())
                .bind("name", submission.name())
                .bind("inn", submission.inn())
                .bind("ogrn", submission.ogrn())
                .bind("kpp", nullable(submission.kpp()))
                .bind("address", nullable(submission.address()))
                .bind("oktmo", nullable(submission.oktmo()))
                .bind("oktmoStatus", submission.oktmoStatus().name())
                .bind("hash", fingerprint(submission))
                .bind("lkoFingerprint", lkoFingerprint(submission))
                .bind("answeredAt", Parameter.fromOrEmpty(submission.answeredAt() == null ? null
                        : submission.answeredAt().atOffset(java.time.ZoneOffset.UTC), OffsetDateTime.class))
                .bind("kind", founder.kind().name())
                .bind("founderName", nullable(founder.name()))
                .bind("lastName", nullable(founder.lastName()))
                .bind("firstName", nullable(founder.firstName()))
                .bind("middleName", nullable(founder.middleName()))
                .bind("founderInn", founder.inn())
                .bind("founderOgrn", nullable(founder.ogrn()))
                .bind("founderOktmo", nullable(founder.oktmo()))
                .bind("founderOktmoStatus", nullable(founder.oktmoStatus() == null ? null
                        : founder.oktmoStatus().name()))
                .map(row -> new Standing(OrganisationStatus.valueOf(row.get("status", String.class)),
                        row.get("lko_organisation_id", UUID.class),
                        Boolean.TRUE.equals(row.get("lko_changed", Boolean.class))))
                .one();
    }

    /** Where the stored organisation stands; empty if there is none. */
    Mono<Standing> standing(UUID mokuOrganisationId) {
        return db.sql("SELECT status, lko_organisation_id FROM organisation WHERE moku_organisation_id = :id")
                .bind("id", mokuOrganisationId)
                .map(OrganisationRepository::standingOf)
                .one();
    }

    private static Standing standingOf(Readable row) {
        return new Standing(OrganisationStatus.valueOf(row.get("status", String.class)),
                row.get("lko_organisation_id", UUID.class), false);
    }

    /** The stored organisation with its founder. */
    Mono<OrganisationView> find(UUID mokuOrganisationId) {
        return db.sql("""
                        SELECT o.*, f.kind AS f_kind, f.name AS f_name, f.last_name AS f_last_name,
                               f.first_name AS f_first_name, f.middle_name AS f_middle_name, f.inn AS f_inn,
                               f.ogrn AS f_ogrn, f.oktmo AS f_oktmo, f.oktmo_status AS f_oktmo_status
                        FROM organisation o JOIN founder f ON f.moku_organisation_id = o.moku_organisation_id
                        WHERE o.moku_organisation_id = :id""")
                .bind("id", mokuOrganisationId)
                .map(OrganisationRepository::view)
                .one();
    }

    private static OrganisationView view(Readable row) {
        OrganisationSubmission.Founder founder = new OrganisationSubmission.Founder(
                FounderKind.valueOf(row.get("f_kind", String.class)), row.get("f_name", String.class),
                row.get("f_last_name", String.class), row.get("f_first_name", String.class),
                row.get("f_middle_name", String.class), row.get("f_inn", String.class),
                row.get("f_ogrn", String.class), row.get("f_oktmo", String.class),
                outcome(row.get("f_oktmo_status", String.class)));
        return new OrganisationView(
                row.get("moku_organisation_id", UUID.class), row.get("card_id", UUID.class),
                row.get("name", String.class), row.get("inn", String.class), row.get("ogrn", String.class),
                row.get("kpp", String.class), row.get("address", String.class), row.get("oktmo", String.class),
                outcome(row.get("oktmo_status", String.class)), OrganisationStatus.valueOf(row.get("status", String.class)),
                row.get("lko_organisation_id", UUID.class), founder,
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    /**
     * SHA-256 of the submission's record text, which names every component, nested founder included: equal
     * submissions have equal fingerprints, so a repeated one is recognised without comparing column by column.
     */
    static String fingerprint(OrganisationSubmission submission) {
        return sha256(submission.toString());
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * SHA-256 of what ЛКО's copy shows (the organisation without its card and ОКТМО status, the founder without its
     * ОКТМО status): a change of it is an update for ЛКО and a new revision (issue 13).
     */
    static String lkoFingerprint(OrganisationSubmission submission) {
        OrganisationSubmission.Founder founder = submission.founder();
        return sha256(String.join("\u001f", String.valueOf(submission.name()), String.valueOf(submission.inn()),
                String.valueOf(submission.ogrn()), String.valueOf(submission.kpp()),
                String.valueOf(submission.address()), String.valueOf(submission.oktmo()),
                founder == null ? "" : String.join("\u001f", String.valueOf(founder.kind()),
                        String.valueOf(founder.name()), String.valueOf(founder.lastName()),
                        String.valueOf(founder.firstName()), String.valueOf(founder.middleName()),
                        String.valueOf(founder.inn()), String.valueOf(founder.ogrn()),
                        String.valueOf(founder.oktmo()))));
    }

    /** A nullable text column: blank is stored as NULL. */
    private static Parameter nullable(String value) {
        return Parameter.fromOrEmpty(value == null || value.isBlank() ? null : value, String.class);
    }

    /** A stored ОКТМО outcome; {@code null} where none was given. */
    private static OktmoOutcome outcome(String stored) {
        return stored == null ? null : OktmoOutcome.valueOf(stored);
    }
}
