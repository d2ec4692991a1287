package ru.moku.survey.export;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /api/v1/export/{dataset}} can export: one view of the analytics contract each (schema
 * {@code analytics}, migration {@code V20261206.20}; every column in survey-service's README, "Analytics contract"),
 * in the view's own column names and order, paged by a unique, immutable key.
 */
enum ExportDataset {

    ORGANISATIONS("organisations", "analytics.organisation", "lko_organisation_id", List.of(
            "lko_organisation_id", "moku_organisation_id", "name", "inn", "ogrn", "kpp", "address", "oktmo",
            "oktmo_name", "oktmo_kind", "oktmo_current", "municipality_oktmo", "municipality_name",
            "municipality_kind", "region_oktmo", "region_name", "created_at", "updated_at", "directory_version")),

    MUNICIPALITIES("municipalities", "analytics.municipality", "oktmo", List.of(
            "oktmo", "name", "kind", "parent_oktmo", "parent_name", "region_oktmo", "region_name", "centre",
            "change_number", "approved_on", "introduced_on", "valid_from", "updated_at", "directory_version")),

    REGIONS("regions", "analytics.region", "oktmo", List.of(
            "oktmo", "name", "centre", "change_number", "approved_on", "introduced_on", "valid_from", "updated_at",
            "directory_version"));

    private final String path;
    private final String view;
    private final String key;
    private final List<String> columns;

    ExportDataset(String path, String view, String key, List<String> columns) {
        this.path = path;
        this.view = view;
        this.key = key;
        this.columns = columns;
    }

    /** The dataset named {@code path} in the URL, if there is one. */
    static Optional<ExportDataset> ofPath(String path) {
        return Arrays.stream(values()).filter(dataset -> dataset.path.equals(path)).findFirst();
    }

    /** Its name in the URL. */
    String path() {
        return path;
    }

    /** The view it reads. */
    String view() {
        return view;
    }

    /** The column pages are ordered and resumed by: unique and never updated, so no row is read twice. */
    String key() {
        return key;
    }

    /** The columns exported, in order. */
    List<String> columns() {
        return columns;
    }
}
