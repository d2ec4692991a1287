package ru.moku.survey.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

class ExportFormatUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void csvQuotesOnlyTheFieldsThatNeedItAndDoublesQuotes() {
        List<Object> row = Arrays.asList("45000000", "Город \"Москва\"", null, "a,b", "line\nbreak", "cr\rhere", 2,
                true, "");

        String csv = new String(ExportFormat.CSV.render(ExportDataset.REGIONS, List.of(row), JSON),
                StandardCharsets.UTF_8);

        assertThat(csv)
                .isEqualTo("45000000,\"Город \"\"Москва\"\"\",,\"a,b\",\"line\nbreak\",\"cr\rhere\",2,true,\"\"\r\n");
    }

    @Test
    void csvStartsWithAHeaderOfTheViewsColumns() {
        assertThat(new String(ExportFormat.CSV.header(ExportDataset.REGIONS), StandardCharsets.UTF_8))
                .isEqualTo("oktmo,name,centre,change_number,approved_on,introduced_on,valid_from,updated_at,"
                        + "directory_version\r\n");
    }

    @Test
    void ndjsonWritesOneObjectPerLineKeepingNullsAndTypes() {
        List<Object> row = Arrays.asList("45000000", "Москва\n", null, 900, null, null, 1, "2026-01-01T00:00:00Z", 2);

        String ndjson = new String(ExportFormat.NDJSON.render(ExportDataset.REGIONS, List.of(row, row), JSON),
                StandardCharsets.UTF_8);

        assertThat(ndjson.split("\n", -1)).hasSize(3).endsWith("");
        assertThat(ndjson.lines().findFirst().orElseThrow()).isEqualTo("{\"oktmo\":\"45000000\",\"name\":\"Москва\\n\","
                + "\"centre\":null,\"change_number\":900,\"approved_on\":null,\"introduced_on\":null,\"valid_from\":1,"
                + "\"updated_at\":\"2026-01-01T00:00:00Z\",\"directory_version\":2}");
    }

    @Test
    void negotiationTakesTheClientsPreferredFormatAndDefaultsToNdjson() {
        assertThat(ExportFormat.negotiate(List.of())).isEqualTo(ExportFormat.NDJSON);
        assertThat(ExportFormat.negotiate(MediaType.parseMediaTypes("*/*"))).isEqualTo(ExportFormat.NDJSON);
        assertThat(ExportFormat.negotiate(MediaType.parseMediaTypes("text/*"))).isEqualTo(ExportFormat.CSV);
        assertThat(ExportFormat.negotiate(MediaType.parseMediaTypes("application/x-ndjson;q=0.4, text/csv;q=0.9")))
                .isEqualTo(ExportFormat.CSV);
        assertThat(ExportFormat.negotiate(MediaType.parseMediaTypes("application/json, application/xml"))).isNull();
        assertThat(ExportFormat.negotiate(MediaType.parseMediaTypes("text/csv;q=0"))).isNull();
    }
}
