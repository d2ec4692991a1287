package ru.moku.survey.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.survey.TestSurveyService;

/**
 * The ОКТМО directory against real PostgreSQL and Kafka: the sample loads, the same file again is a no-op, broken
 * files change nothing, the next version's diff, its one event and the remapped organisation; the lookup (contract 1)
 * and who may call what. One service for the class; the tests run in order, each building on the state before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DirectoryIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VERSIONS = "/api/v1/directory/versions";
    private static final String BOUNDARY = "oktmo-test-boundary-7c1f";
    private static final MediaType MULTIPART = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

    private RunningService service;
    private TestDatabase database;
    private WebTestClient api;
    private int firstVersion;
    private final UUID organisationOfAbolishedCode = UUID.randomUUID();

    private java.nio.file.Path watched;

    @BeforeAll
    void start() throws IOException {
        watched = java.nio.file.Files.createTempDirectory("oktmo-watched-");
        service = TestSurveyService.start(Map.of("moku.survey.directory.watch.directory", watched.toString(),
                "moku.survey.directory.watch.interval", "500ms",
                "moku.survey.directory.unresolved-refresh", "500ms"));
        database = service.database();
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT)
                .build();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (watched != null) {
            org.springframework.util.FileSystemUtils.deleteRecursively(watched.toFile());
        }
    }

    @Test
    @Order(1)
    void theSampleLoadsWithItsKindsAndTheOkrugsRowsInTheOkrug() throws IOException {
        firstVersion = upload("sample-oktmo.csv", resource("oktmo/sample-oktmo.csv"), HttpStatus.ACCEPTED);

        awaitStatus(firstVersion, "CURRENT");
        assertThat(database.strings("SELECT concat_ws('|', encoding, rows_read, regions, municipalities,"
                + " populated_places, change_number, effective_date) FROM lko.oktmo_version WHERE id = "
                + firstVersion)).containsExactly("windows-1251|170|26|43|35|1|2014-01-01");
        assertThat(count("lko.oktmo_entry WHERE valid_to IS NULL")).isEqualTo(170);
        assertThat(count("lko.oktmo_change")).isZero();
        assertThat(database.strings("SELECT kind FROM lko.oktmo_entry WHERE oktmo IN ('71816000', '71816151',"
                + " '71871000', '71871000001', '50601701', '57811000') ORDER BY oktmo")).containsExactly(
                "INTER_SETTLEMENT_TERRITORY", "MUNICIPAL_OKRUG", "MUNICIPAL_DISTRICT", "URBAN_SETTLEMENT",
                "URBAN_OKRUG", "POPULATED_PLACE");
        assertThat(database.strings("SELECT DISTINCT region_oktmo FROM lko.oktmo_entry WHERE oktmo LIKE '718%'"))
                .containsExactly("71800000");

        api.get().uri("/api/v1/directory/oktmo/71871000").headers(TestJwts.bearer(TestJwts.service())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.oktmo").isEqualTo("71871000")
                .jsonPath("$.name").isEqualTo("город Ханты-Мансийск")
                .jsonPath("$.kind").isEqualTo("URBAN_OKRUG")
                .jsonPath("$.parentOktmo").isEqualTo("71800000")
                .jsonPath("$.regionOktmo").isEqualTo("71800000")
                .jsonPath("$.regionName").isEqualTo("Муниципальные образования Ханты-Мансийского автономного округа"
                        + " - Югры")
                .jsonPath("$.current").isEqualTo(true)
                .jsonPath("$.validFrom").isEqualTo(firstVersion)
                .jsonPath("$.validTo").isEmpty();
        for (String code : ClassifierReaderUnitTests.DADATA_CODES) {
            api.get().uri("/api/v1/directory/oktmo/" + code).headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.current").isEqualTo(true);
            // The simulator also hands out the municipality's centre, a populated place (RAZDEL 2).
            api.get().uri("/api/v1/directory/oktmo/" + code + "001").headers(TestJwts.bearer(TestJwts.viewer()))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.kind").isEqualTo("POPULATED_PLACE")
                    .jsonPath("$.parentOktmo").isEqualTo(code);
        }
    }

    @Test
    @Order(2)
    void theLookupAnswers404ForACodeNeverKnownAnd400ForAMalformedOne() {
        api.get().uri("/api/v1/directory/oktmo/12345678").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/unknown-oktmo");
        api.get().uri("/api/v1/directory/oktmo/4538200").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-oktmo");
    }

    @Test
    @Order(3)
    void theSameFileAgainChangesNothing() throws IOException {
        int again = upload("copy-of-sample.csv", resource("oktmo/sample-oktmo.csv"), HttpStatus.OK);

        assertThat(again).isEqualTo(firstVersion);
        assertThat(count("lko.oktmo_version")).isEqualTo(1);
        assertThat(count("lko.oktmo_entry")).isEqualTo(170);
    }

    @Test
    @Order(4)
    void brokenFilesAreRefusedWithTheirLineAndChangeNothing() throws IOException {
        byte[] next = resource("oktmo/sample-oktmo-next.csv");
        String text = new String(next, ClassifierReader.WINDOWS_1251);
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));

        String truncated = String.join("\r\n", lines.subList(0, 40)) + "\r\n" + lines.get(40).substring(0, 25);
        int truncatedVersion = upload("truncated.csv", truncated.getBytes(ClassifierReader.WINDOWS_1251),
                HttpStatus.ACCEPTED);
        lines.set(70, lines.get(70).replaceFirst("^\"(\\d\\d)\";\"(\\d)", "\"$1\";\"x"));
        int badCodeVersion = upload("bad-code.csv", String.join("\r\n", lines).getBytes(ClassifierReader.WINDOWS_1251),
                HttpStatus.ACCEPTED);

        awaitStatus(truncatedVersion, "FAILED");
        awaitStatus(badCodeVersion, "FAILED");
        assertThat(database.strings("SELECT error FROM lko.oktmo_version WHERE id = " + truncatedVersion))
                .singleElement().asString().startsWith("line 41:");
        assertThat(database.strings("SELECT error FROM lko.oktmo_version WHERE id = " + badCodeVersion))
                .singleElement().asString().startsWith("line 71:").contains("KOD1");

        refused(text.getBytes(StandardCharsets.UTF_16LE));
        refused("\"inn\";\"name\"\r\n\"7707083893\";\"ПАО Сбербанк\"\r\n".getBytes(ClassifierReader.WINDOWS_1251));

        assertThat(database.strings("SELECT id FROM lko.oktmo_version WHERE status = 'CURRENT'"))
                .containsExactly(Integer.toString(firstVersion));
        assertThat(count("lko.oktmo_entry")).isEqualTo(170);
        assertThat(count("lko.oktmo_change")).isZero();
    }

    @Test
    @Order(5)
    void theNextVersionStoresItsDiffRemapsTheAbolishedCodeAndAnnouncesItOnce() throws IOException {
        database.update("INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo, updated_at)"
                + " VALUES ('" + UUID.randomUUID() + "', '" + organisationOfAbolishedCode + "', 'ООО Колос',"
                + " '5401000001', '1025400000001', '50601404', now() - interval '1 day')");
        database.update("INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo)"
                + " VALUES ('" + UUID.randomUUID() + "', '" + UUID.randomUUID() + "', 'ООО Нигде',"
                + " '5401000002', '1025400000002', '12345678')");

        int next = upload("sample-oktmo-next.csv", resource("oktmo/sample-oktmo-next.csv"), HttpStatus.ACCEPTED);
        awaitStatus(next, "CURRENT");

        assertThat(database.strings("SELECT concat_ws('|', oktmo, change, old_name, new_name, old_parent, new_parent,"
                + " replaced_by) FROM lko.oktmo_change WHERE version_id = " + next + " ORDER BY oktmo, change"))
                .containsExactly(
                        "50601402|RENAMED|Андреевский сельсовет|сельсовет Андреевский|50601000|50601000",
                        "50601402106|MOVED|п Лозовское|п Лозовское|50601402|50601406",
                        "50601404|ABOLISHED|Баганский сельсовет|50601000|50601406",
                        "50601406|ADDED|Баганский объединенный сельсовет|50601000");
        assertThat(database.strings("SELECT concat_ws('|', status, previous_version_id, change_number, added, renamed,"
                + " moved, abolished, organisations_remapped) FROM lko.oktmo_version WHERE id = " + next))
                .containsExactly("CURRENT|" + firstVersion + "|2|1|1|1|1|1");
        assertThat(database.strings("SELECT oktmo || '|' || (updated_at > now() - interval '1 hour')"
                + " FROM lko.organisation WHERE moku_organisation_id = '" + organisationOfAbolishedCode + "'"))
                .containsExactly("50601406|true");

        api.get().uri("/api/v1/directory/oktmo/50601404").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.current").isEqualTo(false)
                .jsonPath("$.validFrom").isEqualTo(firstVersion)
                .jsonPath("$.validTo").isEqualTo(next);
        api.get().uri(VERSIONS + "/" + next + "?limit=2").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.version.status").isEqualTo("CURRENT")
                .jsonPath("$.changes.length()").isEqualTo(2)
                .jsonPath("$.next").isEqualTo("50601402106:MOVED");
        api.get().uri("/api/v1/directory/unresolved-organisations").headers(TestJwts.bearer(TestJwts.viewer()))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].oktmo").isEqualTo("12345678")
                .jsonPath("$.items[0].abolished").isEqualTo(false);

        String topic = service.rabbit().prefix() + Destinations.OKTMO_DIRECTORY_TOPIC;
        List<ConsumerRecord<String, String>> events = TestKafka.read(topic, 2, WAIT);
        // Both versions announced, each once (read a while longer for a duplicate).
        events = TestKafka.read(topic, Integer.MAX_VALUE, Duration.ofSeconds(3));
        assertThat(events).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(Integer.toString(firstVersion), Integer.toString(next));
        assertThat(events.stream().filter(event -> event.key().equals(Integer.toString(next))).findFirst().orElseThrow()
                .value())
                .contains("\"type\":\"ru.moku.oktmo-directory.changed.v1\"")
                .contains("\"versionId\":" + next, "\"previousVersionId\":" + firstVersion, "\"added\":1",
                        "\"renamed\":1", "\"moved\":1", "\"abolished\":1", "\"organisationsRemapped\":1");
    }

    @Test
    @Order(6)
    void theLookupTakesAServiceTokenAndTheRestIsAnOperatorApi() {
        api.get().uri("/api/v1/directory/oktmo/45382000").exchange().expectStatus().isUnauthorized();
        api.get().uri(VERSIONS).exchange().expectStatus().isUnauthorized();
        api.get().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.service())).exchange().expectStatus().isForbidden();
        api.get().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.viewer())).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(4);
        api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.viewer())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"http://127.0.0.1:1/x.csv\"}").exchange().expectStatus().isForbidden();
        api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.service())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"http://127.0.0.1:1/x.csv\"}").exchange().expectStatus().isForbidden();
        api.post().uri(VERSIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"http://127.0.0.1:1/x.csv\"}").exchange().expectStatus().isUnauthorized();
        api.get().uri("/api/v1/directory/unresolved-organisations").exchange().expectStatus().isUnauthorized();
        api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.operator())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"ftp://somewhere/x.csv\"}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-url");
    }

    @Test
    @Order(7)
    void aVersionAbandonedWhileLoadingDoesNotBlockItsFileForEver() throws Exception {
        byte[] file = (new String(resource("oktmo/sample-oktmo-next.csv"), ClassifierReader.WINDOWS_1251) + "\r\n")
                .getBytes(ClassifierReader.WINDOWS_1251);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(file));
        database.update("INSERT INTO lko.oktmo_version (status, file_name, sha256, started_at)"
                + " VALUES ('LOADING', 'abandoned.csv', '" + sha256 + "', now() - interval '2 hours')");
        String abandoned = database.strings("SELECT id FROM lko.oktmo_version WHERE file_name = 'abandoned.csv'")
                .get(0);

        int version = upload("again.csv", file, HttpStatus.ACCEPTED);

        assertThat(Integer.toString(version)).isNotEqualTo(abandoned);
        awaitStatus(version, "CURRENT");
        assertThat(database.strings("SELECT status || '|' || error FROM lko.oktmo_version WHERE id = " + abandoned))
                .singleElement().asString().startsWith("FAILED|abandoned");
        // Only a blank line differs: the version has no changes.
        assertThat(count("lko.oktmo_change WHERE version_id = " + version)).isZero();
    }

    @Test
    @Order(8)
    void aFileDroppedIntoTheWatchedDirectoryIsLoaded() throws Exception {
        byte[] file = (new String(resource("oktmo/sample-oktmo.csv"), ClassifierReader.WINDOWS_1251) + "\r\n\r\n")
                .getBytes(ClassifierReader.WINDOWS_1251);
        java.nio.file.Path partial = watched.resolve(".incoming");
        java.nio.file.Files.write(partial, file);
        java.nio.file.Files.move(partial, watched.resolve("data-20260101-structure.csv"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        await("the watched file's version").atMost(WAIT).until(() -> database.strings(
                "SELECT status FROM lko.oktmo_version WHERE file_name = 'data-20260101-structure.csv'")
                .contains("CURRENT"));
        // Back to the first sample's content: the next version's changes reverted.
        assertThat(database.strings("SELECT change || ':' || oktmo FROM lko.oktmo_change WHERE version_id ="
                + " (SELECT id FROM lko.oktmo_version WHERE status = 'CURRENT') ORDER BY oktmo, change"))
                .containsExactly("RENAMED:50601402", "MOVED:50601402106", "ADDED:50601404", "ABOLISHED:50601406");
    }

    @Test
    @Order(9)
    void theGaugeCountsOrganisationsWhoseOktmoIsNotInTheCurrentDirectory() {
        // 12345678 was never in it; 50601406 (the remapped organisation's) left it with the version of test 8.
        WebTestClient management = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + service.managementPort()).responseTimeout(WAIT).build();
        await("the gauge").atMost(WAIT).until(() -> management.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()
                .contains("moku_directory_organisations_unresolved 2.0"));
    }

    @Test
    @Order(10)
    void aClassifierIsFetchedFromAUrlOnTheCluster() throws Exception {
        byte[] next = resource("oktmo/sample-oktmo-next.csv");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oktmo/data-next.csv", exchange -> {
            exchange.sendResponseHeaders(200, next.length);
            try (var body = exchange.getResponseBody()) {
                body.write(next);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/oktmo/data-next.csv";
            Map<?, ?> answer = api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.operator()))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", url)).exchange()
                    // Loaded before (test 5): fetched, recognised by its SHA-256, nothing loaded again.
                    .expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(answer.get("loadedBefore")).isEqualTo(true);
            assertThat(answer.get("status")).isEqualTo("SUPERSEDED");
            assertThat(database.strings("SELECT file_name FROM lko.oktmo_version WHERE id = "
                    + answer.get("versionId"))).containsExactly("sample-oktmo-next.csv");

            api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.operator()))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.csv")).exchange()
                    .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                    .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/classifier-unfetchable");
        } finally {
            server.stop(0);
        }
    }

    private void refused(byte[] file) {
        long versions = count("lko.oktmo_version");
        api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.operator()))
                .contentType(MULTIPART)
                .bodyValue(multipart("refused.csv", file))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/not-an-oktmo-classifier")
                .jsonPath("$.line").isEqualTo(1);
        assertThat(count("lko.oktmo_version")).isEqualTo(versions);
    }

    private int upload(String name, byte[] file, HttpStatus expected) {
        Integer version = api.post().uri(VERSIONS).headers(TestJwts.bearer(TestJwts.operator()))
                .contentType(MULTIPART)
                .bodyValue(multipart(name, file))
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectBody(Map.class).returnResult().getResponseBody().get("versionId") instanceof Integer id
                ? id : null;
        assertThat(version).isNotNull();
        return version;
    }

    /**
     * The multipart body written out here: Spring's writer draws its boundary from {@code SecureRandom}, which reads
     * {@code /dev/urandom} on the client's event loop — a blocking call BlockHound (installed in tests) refuses.
     */
    private static byte[] multipart(String name, byte[] file) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        return body;
    }

    private void awaitStatus(int version, String status) {
        await("version " + version + " " + status).atMost(WAIT).until(() -> database.strings(
                "SELECT status FROM lko.oktmo_version WHERE id = " + version).contains(status));
    }

    private long count(String from) {
        return database.count("SELECT count(*) FROM " + from);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream input = DirectoryIntegrationTests.class.getClassLoader().getResourceAsStream(name)) {
            return input.readAllBytes();
        }
    }
}
