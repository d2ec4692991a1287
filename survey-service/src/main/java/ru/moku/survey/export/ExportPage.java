package ru.moku.survey.export;

import java.util.List;

/**
 * One page of an export: its rows (values in {@link ExportDataset#columns()} order, as {@link ExportValues} made
 * them) and the key of its last row, where the next page starts.
 *
 * @param rows    the rows, at most a page size of them
 * @param lastKey the key of the last row (a UUID or a text), {@code null} for an empty page
 * @param full    whether the page was full: only then may a next one exist
 */
record ExportPage(List<List<Object>> rows, Object lastKey, boolean full) {

    ExportPage {
        rows = List.copyOf(rows);
    }
}
