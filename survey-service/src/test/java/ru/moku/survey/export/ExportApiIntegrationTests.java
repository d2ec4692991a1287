package ru.moku.survey.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.survey.TestSurveyService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/export/{dataset}} of the running survey-service against the real PostgreSQL, with a page size
 * of 7 so that every export spans several pages. The directory is written straight into the tables.
 */
class ExportApiIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE_SIZE = 7;
    /** Organisations of the fixture, plus any the tests add: every test counts only its own. */
    private static final int FIXTURE_ORGANISATIONS = 20;

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static WebTestClient viewer;

    @BeforeAll
    static void start() {
        service = TestSurveyService.start(Map.of("moku.survey.export.page-size", String.valueOf(PAGE_SIZE)));
        database = service.database();
        viewer = client().mutate().defaultHeaders(TestJwts.bearer(TestJwts.viewer())).build();
        AnalyticsDirectoryFixture.insert(database);
        // 20 organisations, older than anything a test inserts: 17 in Khamovniki, one with the abolished code, one in
        // a populated place, one whose name needs CSV quoting.
        database.update("""
                INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo, created_at, updated_at)
                SELECT gen_random_uuid(), gen_random_uuid(), 'ООО Фикстура ' || n, '7707083893', '1027700132195',
                       '45382000', TIMESTAMPTZ '2026-01-01T00:00:00Z', TIMESTAMPTZ '2026-01-01T00:00:00Z'
                FROM generate_series(1, 17) n;
                INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, kpp, address, oktmo,
                                              created_at, updated_at) VALUES
                    ('00000000-0000-0000-0000-00000000000a', gen_random_uuid(), 'ООО Упразднённая', '7707083893',
                     '1027700132195', NULL, NULL, '45399000', TIMESTAMPTZ '2026-01-01T00:00:00Z',
                     TIMESTAMPTZ '2026-01-01T00:00:00Z'),
                    ('00000000-0000-0000-0000-00000000000b', gen_random_uuid(), 'ИП Посёлок', '7707083893',
                     '1027700132195', NULL, NULL, '45382000101', TIMESTAMPTZ '2026-01-01T00:00:00Z',
                     TIMESTAMPTZ '2026-01-01T00:00:00Z'),
                    ('00000000-0000-0000-0000-00000000000c', gen_random_uuid(), 'ООО "Рога, копыта"' || chr(10)
                     || 'и партнёры', '7707083893', '1027700132195', '770701001', 'Москва, ул. Льва Толстого, 16',
                     '45382000', TIMESTAMPTZ '2026-01-01T00:00:00Z', TIMESTAMPTZ '2026-01-01T00:00:00Z')""");
    }

    @Test
    void organisationsStreamAsNdjsonWithTheirMunicipalityRegionAndDirectoryVersion() {
        List<JsonNode> rows = ndjson("/api/v1/export/organisations?updatedSince=2025-12-31T00:00:00Z")
                .stream().filter(row -> row.get("created_at").asString().startsWith("2026-01-01")).toList();

        assertThat(rows).hasSize(FIXTURE_ORGANISATIONS);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("directory_version").asInt()).isEqualTo(2);
            assertThat(row.get("region_oktmo").asString()).isEqualTo("45000000");
            assertThat(row.get("region_name").asString()).isEqualTo("Город Москва");
        });
        JsonNode abolished = byId(rows, "00000000-0000-0000-0000-00000000000a");
        assertThat(abolished.get("oktmo").asString()).isEqualTo(AnalyticsDirectoryFixture.ABOLISHED);
        assertThat(abolished.get("oktmo_current").asBoolean()).isFalse();
        assertThat(abolished.get("municipality_name").asString()).isEqualTo("муниципальный округ Упразднённый");
        assertThat(abolished.get("kpp").isNull()).isTrue();
        JsonNode village = byId(rows, "00000000-0000-0000-0000-00000000000b");
        assertThat(village.get("oktmo_kind").asString()).isEqualTo("POPULATED_PLACE");
        assertThat(village.get("municipality_oktmo").asString()).isEqualTo("45382000");
        assertThat(village.get("oktmo_current").asBoolean()).isTrue();
        assertThat(village.get("updated_at").asString()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void organisationsStreamAsCsvWithAHeaderAndRfc4180Quoting() {
        String body = viewer.get().uri("/api/v1/export/organisations?updatedSince=2025-12-31T00:00:00Z")
                .accept(CSV).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(CSV)
                .expectBody(String.class).returnResult().getResponseBody();

        List<List<String>> records = parseCsv(body);
        assertThat(records.get(0)).containsExactlyElementsOf(ExportDataset.ORGANISATIONS.columns());
        assertThat(body).startsWith(String.join(",", ExportDataset.ORGANISATIONS.columns()) + "\r\n")
                .endsWith("\r\n");
        List<String> quoted = records.stream()
                .filter(record -> record.get(0).equals("00000000-0000-0000-0000-00000000000c")).findFirst()
                .orElseThrow();
        assertThat(quoted).hasSize(ExportDataset.ORGANISATIONS.columns().size());
        assertThat(quoted.get(2)).isEqualTo("ООО \"Рога, копыта\"\nи партнёры");
        assertThat(quoted.get(6)).isEqualTo("Москва, ул. Льва Толстого, 16");
        assertThat(body).contains("\"ООО \"\"Рога, копыта\"\"\nи партнёры\"");
        assertThat(quoted.get(18)).isEqualTo("2");
        assertThat(records.stream().skip(1).filter(record -> record.get(16).startsWith("2026-01-01"))).hasSize(
                FIXTURE_ORGANISATIONS);
    }

    @Test
    void municipalitiesAreTheCurrentEntriesThatAreNeitherRegionsNorGroups() {
        Map<String, JsonNode> rows = new HashMap<>();
        ndjson("/api/v1/export/municipalities").forEach(row -> rows.put(row.get("oktmo").asString(), row));

        assertThat(rows.keySet()).containsExactlyInAnyOrder("45382000", "45382000101", "71701000", "71100000");
        assertThat(rows.get("71100000").get("region_oktmo").asString()).isEqualTo("71800000");
        assertThat(rows.get("71100000").get("region_name").asString())
                .isEqualTo("Ханты-Мансийский автономный округ - Югра");
        assertThat(rows.get("71100000").get("name").asString()).isEqualTo("город Ханты-Мансийск");
        assertThat(rows.get("71100000").get("valid_from").asInt()).isEqualTo(2);
        assertThat(rows.get("45382000101").get("parent_name").asString()).isEqualTo("муниципальный округ Хамовники");
        assertThat(rows.get("45382000").get("introduced_on").asString()).isEqualTo("2026-01-01");
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.get("directory_version").asInt()).isEqualTo(2));
    }

    @Test
    void regionsAreTheSubjectsOfTheFederationAsCsv() {
        String body = viewer.get().uri("/api/v1/export/regions").accept(CSV).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        List<List<String>> records = parseCsv(body);
        assertThat(records.get(0)).containsExactlyElementsOf(ExportDataset.REGIONS.columns());
        assertThat(records.stream().skip(1).map(record -> record.get(0)))
                .containsExactly("45000000", "71000000", "71800000");
        assertThat(records.get(3).get(2)).isEqualTo("г Ханты-Мансийск");
    }

    @Test
    void updatedSinceKeepsOnlyTheRowsUpdatedAtOrAfterIt() {
        String since = "2031-01-01T00:00:00Z";
        database.update("""
                INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo, updated_at) VALUES
                    ('00000000-0000-0000-0000-0000000000d0', gen_random_uuid(), 'До', '7707083893',
                     '1027700132195', '45382000', TIMESTAMPTZ '2030-12-31T23:59:59.999999Z'),
                    ('00000000-0000-0000-0000-0000000000d1', gen_random_uuid(), 'Ровно', '7707083893',
                     '1027700132195', '45382000', TIMESTAMPTZ '2031-01-01T00:00:00Z'),
                    ('00000000-0000-0000-0000-0000000000d2', gen_random_uuid(), 'После', '7707083893',
                     '1027700132195', '71100000', TIMESTAMPTZ '2031-06-01T12:00:00+03:00')""");

        // Other tests add rows later than these: only the three of this test are looked at.
        List<JsonNode> rows = ndjson("/api/v1/export/organisations?updatedSince=" + since).stream()
                .filter(row -> row.get("lko_organisation_id").asString()
                        .startsWith("00000000-0000-0000-0000-0000000000d"))
                .toList();

        assertThat(rows).extracting(row -> row.get("lko_organisation_id").asString())
                .containsExactly("00000000-0000-0000-0000-0000000000d1", "00000000-0000-0000-0000-0000000000d2");
        assertThat(rows.get(1).get("region_oktmo").asString()).isEqualTo("71800000");
        assertThat(rows.get(1).get("updated_at").asString()).isEqualTo("2031-06-01T09:00:00Z");
        assertThat(ndjson("/api/v1/export/regions?updatedSince=2100-01-01T00:00:00Z")).isEmpty();
        // An offset is accepted as well: the same instant.
        assertThat(ndjson("/api/v1/export/organisations?updatedSince={since}",
                "2031-01-01T03:00:00+03:00").stream()
                .map(row -> row.get("lko_organisation_id").asString()))
                .contains("00000000-0000-0000-0000-0000000000d1")
                .doesNotContain("00000000-0000-0000-0000-0000000000d0");
    }

    @Test
    void everyRowIsExportedExactlyOnceWhileRowsAreInsertedAndUpdatedConcurrently() throws Exception {
        database.update("""
                INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo, updated_at)
                SELECT gen_random_uuid(), gen_random_uuid(), 'ООО Конкурентная ' || n, '7707083893', '1027700132195',
                       '45382000', TIMESTAMPTZ '2040-01-01T00:00:00Z'
                FROM generate_series(1, 3000) n""");
        Set<String> before = new HashSet<>(database.strings(
                "SELECT id FROM lko.organisation WHERE updated_at >= '2040-01-01T00:00:00Z'"));
        AtomicBoolean exporting = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        // Inserts new organisations and moves existing ones (name, ОКТМО, updated_at) while the export pages along.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (exporting.get()) {
                database.update("""
                        INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo, updated_at)
                        SELECT gen_random_uuid(), gen_random_uuid(), 'ООО Новая', '7707083893', '1027700132195',
                               '71100000', clock_timestamp() + interval '20 years'
                        FROM generate_series(1, 5);
                        UPDATE lko.organisation SET name = name || '+', oktmo = '71701000',
                                                    updated_at = clock_timestamp() + interval '20 years'
                        WHERE id IN (SELECT id FROM lko.organisation WHERE updated_at >= '2040-01-01T00:00:00Z'
                                     ORDER BY random() LIMIT 20)""");
                writes.incrementAndGet();
            }
        });
        List<JsonNode> rows;
        try {
            rows = ndjson("/api/v1/export/organisations?updatedSince=2040-01-01T00:00:00Z");
        } finally {
            exporting.set(false);
        }
        writer.get();

        List<String> ids = rows.stream().map(row -> row.get("lko_organisation_id").asString()).toList();
        assertThat(new HashSet<>(ids)).as("no row twice").hasSize(ids.size());
        assertThat(ids).containsAll(before);
        assertThat(writes.get()).as("writes while the export ran").isPositive();
    }

    @Test
    void anAcceptOfNeitherFormatIs406() {
        viewer.get().uri("/api/v1/export/organisations").accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(406);
        viewer.get().uri("/api/v1/export/organisations").header(HttpHeaders.ACCEPT, "text/csv;q=0, text/html")
                .exchange()
                .expectStatus().isEqualTo(406);
    }

    @Test
    void theFormatFollowsTheClientsPreference() {
        viewer.get().uri("/api/v1/export/regions")
                .header(HttpHeaders.ACCEPT, "application/x-ndjson;q=0.5, text/csv").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(CSV);
        viewer.get().uri("/api/v1/export/regions").header(HttpHeaders.ACCEPT, "*/*").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON);
    }

    @Test
    void aMalformedUpdatedSinceIs400NamingTheParameter() {
        viewer.get().uri("/api/v1/export/organisations?updatedSince=yesterday").accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/unreadable-request")
                .jsonPath("$.errors[0].field").isEqualTo("updatedSince");
    }

    @Test
    void anUnknownDatasetIs404() {
        viewer.get().uri("/api/v1/export/founders").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void exportsNeedAViewerOrOperatorToken() {
        client().get().uri("/api/v1/export/regions").exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/v1/export/regions").headers(TestJwts.bearer(TestJwts.service())).exchange()
                .expectStatus().isForbidden();
        client().get().uri("/api/v1/export/regions").headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isOk();
        // There is nothing to write: any other method on an export is refused before it reaches anything.
        client().post().uri("/api/v1/export/regions").headers(TestJwts.bearer(TestJwts.viewer()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();
    }

    /** The NDJSON export at {@code uri}, a template whose {@code variables} are encoded (a {@code +} too). */
    private static List<JsonNode> ndjson(String uri, Object... variables) {
        String body = viewer.get().uri(uri, variables).accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult().getResponseBody();
        if (body == null) {
            return List.of();
        }
        return body.lines().map(JSON::readTree).toList();
    }

    private static JsonNode byId(List<JsonNode> rows, String id) {
        return rows.stream().filter(row -> row.get("lko_organisation_id").asString().equals(id)).findFirst()
                .orElseThrow();
    }

    /** An RFC 4180 reader, strict enough to fail on a field the export quoted wrongly. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty()) {
                i++;
                while (true) {
                    char q = text.charAt(i);
                    if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        break;
                    } else {
                        field.append(q);
                        i++;
                    }
                }
                char next = text.charAt(i);
                assertThat(next).as("after a quoted field at " + i).isIn(',', '\r');
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r') {
                assertThat(text.charAt(i + 1)).isEqualTo('\n');
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i += 2;
            } else {
                assertThat(c).as("a bare quote or line feed at " + i).isNotIn('"', '\n');
                field.append(c);
                i++;
            }
        }
        assertThat(record).as("the last record ends with CRLF").isEmpty();
        return records;
    }

    private static WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
    }
}
