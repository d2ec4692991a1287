package ru.moku.survey.export;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads the analytics views a page at a time (keyset: {@code key > :after ORDER BY key LIMIT :size}), one short
 * query per page, so an export of any length holds one page in memory and a database connection only while a page
 * is read. Rows inserted while an export runs appear once or not at all, rows updated while it runs appear once (as
 * they were when their page was read): the key never changes, so no row moves across pages.
 */
@Repository
class ExportRepository {

    private final DatabaseClient db;

    ExportRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The page of {@code dataset} after the row keyed {@code after} ({@code null}: the first page), of rows updated at
     * or after {@code updatedSince} ({@code null}: all).
     */
    Mono<ExportPage> page(ExportDataset dataset, Object after, Instant updatedSince, int size) {
        List<String> conditions = new ArrayList<>();
        if (after != null) {
            conditions.add(dataset.key() + " > :after");
        }
        if (updatedSince != null) {
            conditions.add("updated_at >= :updatedSince");
        }
        // Only names of the enum and fixed fragments make up the statement; the values are bound.
        String sql = "SELECT " + String.join(", ", dataset.columns()) + " FROM " + dataset.view()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + dataset.key() + " LIMIT :size";
        DatabaseClient.GenericExecuteSpec query = db.sql(sql).bind("size", size);
        if (after != null) {
            query = query.bind("after", after);
        }
        if (updatedSince != null) {
            query = query.bind("updatedSince", OffsetDateTime.ofInstant(updatedSince, ZoneOffset.UTC));
        }
        int keyIndex = dataset.columns().indexOf(dataset.key());
        return query.map(row -> values(row, dataset.columns().size()))
                .all()
                .collectList()
                .map(rows -> new ExportPage(rows,
                        rows.isEmpty() ? null : keyOf(rows.get(rows.size() - 1), keyIndex, dataset),
                        rows.size() == size));
    }

    private static List<Object> values(Readable row, int columns) {
        List<Object> values = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(ExportValues.of(row.get(i)));
        }
        return values;
    }

    /** The key as the next page's query binds it: a UUID for organisations, a code otherwise. */
    private static Object keyOf(List<Object> row, int keyIndex, ExportDataset dataset) {
        Object key = row.get(keyIndex);
        return dataset == ExportDataset.ORGANISATIONS ? UUID.fromString((String) key) : key;
    }
}
