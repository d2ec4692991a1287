package ru.moku.survey.faults;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.survey.config.SurveyServiceProperties;

/**
 * The fault injector's rules: organisations (by ИНН or МОКУ id) that ЛКО answers with 422, so that tests and
 * operators can rehearse the caller's rejection path (seed 000 step 11: "422 → retry 3 times, then an incident").
 * Kept in the database, so every instance applies the same rules. Inert unless
 * {@code moku.survey.fault-injection.enabled}.
 */
@Component
public class RejectionRules {

    private static final String INN = "INN";
    private static final String MOKU_ORGANISATION_ID = "MOKU_ORGANISATION_ID";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final boolean enabled;

    RejectionRules(DatabaseClient db, TransactionalOperator tx, SurveyServiceProperties properties) {
        this.db = db;
        this.tx = tx;
        this.enabled = properties.faultInjection().enabled();
    }

    /** Whether a rule refuses the organisation; always {@code false} while fault injection is off. */
    public Mono<Boolean> refuses(UUID mokuOrganisationId, String inn) {
        if (!enabled) {
            return Mono.just(false);
        }
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM rejection_rule
                                       WHERE (kind = 'INN' AND value = :inn)
                                          OR (kind = 'MOKU_ORGANISATION_ID' AND value = :mokuId)) AS refused""")
                .bind("inn", String.valueOf(inn))
                .bind("mokuId", String.valueOf(mokuOrganisationId))
                .map(row -> Boolean.TRUE.equals(row.get("refused", Boolean.class)))
                .one();
    }

    /** The rules in force. */
    Mono<Rejections> current() {
        return db.sql("SELECT kind, value FROM rejection_rule")
                .map(row -> new String[] {row.get("kind", String.class), row.get("value", String.class)})
                .all()
                .collectList()
                .map(rows -> {
                    Set<String> inns = new TreeSet<>();
                    Set<UUID> ids = new TreeSet<>();
                    for (String[] rule : rows) {
                        if (INN.equals(rule[0])) {
                            inns.add(rule[1]);
                        } else {
                            ids.add(UUID.fromString(rule[1]));
                        }
                    }
                    return new Rejections(inns, ids);
                });
    }

    /** Replaces every rule by {@code rejections}. */
    Mono<Rejections> replace(Rejections rejections) {
        Flux<Long> inserts = Flux.concat(
                Flux.fromIterable(rejections.inns()).concatMap(inn -> insert(INN, inn)),
                Flux.fromIterable(rejections.mokuOrganisationIds())
                        .concatMap(id -> insert(MOKU_ORGANISATION_ID, id.toString())));
        return tx.transactional(db.sql("DELETE FROM rejection_rule").fetch().rowsUpdated().thenMany(inserts).then())
                .then(current());
    }

    private Mono<Long> insert(String kind, String value) {
        return db.sql("INSERT INTO rejection_rule (kind, value) VALUES (:kind, :value) ON CONFLICT DO NOTHING")
                .bind("kind", kind)
                .bind("value", value)
                .fetch().rowsUpdated();
    }
}
