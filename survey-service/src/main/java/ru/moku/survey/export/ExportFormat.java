package ru.moku.survey.export;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two formats of an export, chosen by the request's {@code Accept}: NDJSON (one JSON object per line, the
 * view's column names as keys, {@code null} kept) and CSV (RFC 4180: a header row of the column names, {@code ,}
 * separated, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF, a quote doubled; an empty
 * field for {@code null}, {@code ""} for an empty text; UTF-8).
 */
enum ExportFormat {

    NDJSON(MediaType.APPLICATION_NDJSON) {
        @Override
        byte[] header(ExportDataset dataset) {
            return new byte[0];
        }

        @Override
        byte[] render(ExportDataset dataset, List<List<Object>> rows, JsonMapper json) {
            StringBuilder out = new StringBuilder(rows.size() * 256);
            List<String> columns = dataset.columns();
            for (List<Object> row : rows) {
                Map<String, Object> object = new LinkedHashMap<>(columns.size() * 2);
                for (int i = 0; i < columns.size(); i++) {
                    object.put(columns.get(i), row.get(i));
                }
                out.append(json.writeValueAsString(object)).append('\n');
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    },

    CSV(new MediaType("text", "csv", StandardCharsets.UTF_8)) {
        @Override
        byte[] header(ExportDataset dataset) {
            StringBuilder out = new StringBuilder();
            appendLine(out, List.copyOf(dataset.columns()));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] render(ExportDataset dataset, List<List<Object>> rows, JsonMapper json) {
            StringBuilder out = new StringBuilder(rows.size() * 200);
            for (List<Object> row : rows) {
                appendLine(out, row);
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    };

    private final MediaType mediaType;

    ExportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** The response's {@code Content-Type}. */
    MediaType mediaType() {
        return mediaType;
    }

    /** What comes before the first row. */
    abstract byte[] header(ExportDataset dataset);

    /** A page of rows, each ending its line. */
    abstract byte[] render(ExportDataset dataset, List<List<Object>> rows, JsonMapper json);

    /**
     * The format an {@code Accept} header asks for (types in the client's order of preference), NDJSON when it
     * accepts anything; {@code null} when it accepts neither format.
     */
    static ExportFormat negotiate(List<MediaType> accepted) {
        if (accepted.isEmpty()) {
            return NDJSON;
        }
        List<MediaType> byPreference = accepted.stream()
                .filter(type -> type.getQualityValue() > 0)
                .sorted((a, b) -> Double.compare(b.getQualityValue(), a.getQualityValue()))
                .toList();
        for (MediaType type : byPreference) {
            for (ExportFormat format : values()) {
                if (type.includes(format.mediaType)) {
                    return format;
                }
            }
        }
        return null;
    }

    private static void appendLine(StringBuilder out, List<Object> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = fields.get(i);
            if (value != null) {
                appendField(out, value.toString());
            }
        }
        out.append("\r\n");
    }

    private static void appendField(StringBuilder out, String text) {
        // An empty text is quoted so that it differs from NULL (an empty field).
        boolean quote = text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0
                || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
