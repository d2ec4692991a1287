package ru.moku.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;

class PushIntegrationTests {

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of("moku.gateway.push.max-body-size", "64KB"));
    }

    @Test
    void aValidMessageIsStoredSplitAndItsCardPublished() {
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.validEnvelope(messageId);

        Map<String, Object> receipt = push(body, MediaType.TEXT_XML, HttpStatus.ACCEPTED, MediaType.APPLICATION_JSON);

        assertThat(receipt).containsEntry("smevMessageId", messageId).containsEntry("status", "ACCEPTED")
                .containsEntry("rawStatus", "SPLIT").containsEntry("instances", 1);
        String rawId = (String) receipt.get("rawMessageId");
        assertThat(app.db.queryForObject("SELECT status FROM smev.raw_message WHERE id = '" + rawId + "'", Integer.class))
                .isEqualTo(2);
        assertThat(app.db.queryForObject("SELECT source FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .isEqualTo("PUSH");
        assertThat(app.db.queryForObject("SELECT body FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .isEqualTo(body);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance WHERE raw_message_id = '" + rawId
                + "' AND status = 1 AND position = 0")).isEqualTo(1);
        UUID instanceId = app.db.queryForObject("SELECT id FROM smev.integration_instance WHERE raw_message_id = '"
                + rawId + "'", UUID.class);

        Envelope<ServiceCard> published = app.awaitCard(e -> e.data().rawMessageId().toString().equals(rawId));

        assertThat(published.type()).isEqualTo(MessageTypes.SERVICE_CARD);
        assertThat(published.source()).isEqualTo("moku/gateway");
        assertThat(published.correlationId()).isEqualTo(instanceId);
        ServiceCard card = published.data();
        assertThat(card.cardId()).isEqualTo(instanceId);
        assertThat(card.smevMessageId()).isEqualTo(messageId);
        assertThat(card.organisation().inn()).isEqualTo(SmevMessages.ORG_INN);
        assertThat(card.organisation().kpp()).isEqualTo(SmevMessages.ORG_KPP);
        assertThat(card.founder()).isEqualTo(ServiceCard.Founder.person("Иванов", "Иван", "Иванович",
                SmevMessages.PERSON_INN, null));
    }

    @Test
    void theSameMessageAgainIsADuplicateThatWritesNothing() {
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.envelope(messageId, SmevMessages.serviceData(SmevMessages.legalEntityCard("DUP-1")));
        Map<String, Object> first = push(body, MediaType.APPLICATION_XML, HttpStatus.ACCEPTED, MediaType.APPLICATION_JSON);
        String rawId = (String) first.get("rawMessageId");
        app.awaitCard(e -> e.data().rawMessageId().toString().equals(rawId));
        long outboxRows = app.db.count("SELECT count(*) FROM smev.outbox");

        Map<String, Object> second = push(body, MediaType.APPLICATION_XML, HttpStatus.OK, MediaType.APPLICATION_JSON);

        assertThat(second).containsEntry("rawMessageId", rawId).containsEntry("status", "DUPLICATE")
                .containsEntry("smevMessageId", messageId);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isEqualTo(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance WHERE raw_message_id = '" + rawId + "'"))
                .isEqualTo(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.outbox")).isEqualTo(outboxRows);
        app.awaitOutboxEmpty();
        assertThat(app.cardsSoFar(e -> e.data().rawMessageId().toString().equals(rawId))).isEmpty();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("malformed-xml", SmevMessages.malformed()),
                Arguments.of("dtd-not-allowed", SmevMessages.withExternalEntity()),
                Arguments.of("dtd-not-allowed", SmevMessages.billionLaughs()),
                Arguments.of("wrong-namespace", "<ResponseMessage xmlns=\"urn://somebody-else/1.0\"/>"),
                Arguments.of("wrong-namespace", SmevMessages.envelope(SmevMessages.newMessageId(),
                        SmevMessages.serviceData(SmevMessages.legalEntityCard("NS-1"))
                                .replace(SmevMessages.SERVICE_DATA, "urn://moku-platform/service-data/9.0"))),
                Arguments.of("schema-violation", SmevMessages.envelope(SmevMessages.newMessageId(),
                        SmevMessages.serviceData(SmevMessages.personCard("INN-9", "770708389")))),
                Arguments.of("empty-response", SmevMessages.emptyGetResponse()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void eachBadInputClassIsA400ProblemAndStoredAsInvalid(String slug, String body) {
        Map<String, Object> problem = push(body, MediaType.TEXT_XML, HttpStatus.BAD_REQUEST,
                MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/" + slug)
                .containsEntry("status", 400).containsEntry("instance", "/smev/inbound")
                .containsKeys("title", "detail", "rawMessageId");
        assertThat((String) problem.get("detail")).isNotBlank().doesNotContain("Exception");
        String rawId = (String) problem.get("rawMessageId");
        assertThat(app.db.queryForObject("SELECT status FROM smev.raw_message WHERE id = '" + rawId + "'", Integer.class))
                .isEqualTo(-1);
        assertThat(app.db.queryForObject("SELECT problem_type FROM smev.raw_message WHERE id = '" + rawId + "'",
                String.class)).isEqualTo(slug);
        assertThat(app.db.queryForObject("SELECT error FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .isEqualTo(problem.get("detail"));
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE subject = '" + rawId + "'"))
                .as("a pushed message gets its 400; no incident").isZero();
    }

    @Test
    void aSchemaViolationNamesLineColumnAndTheOffendingValue() {
        String messageId = SmevMessages.newMessageId();
        Map<String, Object> problem = push(SmevMessages.envelope(messageId,
                        SmevMessages.serviceData(SmevMessages.personCard("INN-9", "770708389"))),
                MediaType.TEXT_XML, HttpStatus.BAD_REQUEST, MediaType.APPLICATION_PROBLEM_JSON);

        assertThat((String) problem.get("detail")).matches("line \\d+, column \\d+: .*770708389.*");
        assertThat(problem).containsEntry("smevMessageId", messageId);
    }

    @Test
    void anInvalidMessageSentTwiceKeepsOneRow() {
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.envelope(messageId, SmevMessages.serviceData(SmevMessages.personCard("INN-9", "770708389")));

        Map<String, Object> first = push(body, MediaType.TEXT_XML, HttpStatus.BAD_REQUEST, MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> second = push(body, MediaType.TEXT_XML, HttpStatus.BAD_REQUEST, MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(second.get("rawMessageId")).isEqualTo(first.get("rawMessageId"));
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isEqualTo(1);
    }

    @Test
    void aMessageThatCannotBeSplitIsKeptAsSplitFailedWithAnIncident() {
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.envelope(messageId,
                SmevMessages.serviceData(SmevMessages.cardWithDate("Y10K", "10000-01-01")));

        Map<String, Object> receipt = push(body, MediaType.TEXT_XML, HttpStatus.ACCEPTED, MediaType.APPLICATION_JSON);

        assertThat(receipt).containsEntry("status", "ACCEPTED").containsEntry("rawStatus", "SPLIT_FAILED")
                .containsEntry("instances", 0);
        String rawId = (String) receipt.get("rawMessageId");
        assertThat(app.db.queryForObject("SELECT status FROM smev.raw_message WHERE id = '" + rawId + "'", Integer.class))
                .isEqualTo(-2);
        assertThat(app.db.queryForObject("SELECT error FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .contains("10000-01-01");
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'SPLIT_FAILED' AND subject = '"
                + rawId + "'")).isEqualTo(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance WHERE raw_message_id = '" + rawId + "'"))
                .isZero();
    }

    @Test
    void aBodyOverTheDeclaredLimitIsRefusedWith413AndNotStored() {
        long rows = app.db.count("SELECT count(*) FROM smev.raw_message");
        String body = oversized();

        Map<String, Object> problem = push(body, MediaType.TEXT_XML, HttpStatus.CONTENT_TOO_LARGE,
                MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/payload-too-large")
                .containsEntry("status", 413);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message")).isEqualTo(rows);
    }

    @Test
    void aChunkedBodyIsCountedWhileReadingAndRefusedOverTheLimit() {
        long rows = app.db.count("SELECT count(*) FROM smev.raw_message");
        String chunk = "<!-- " + "x".repeat(8 * 1024) + " -->";
        Flux<String> chunks = Flux.range(0, 12).map(i -> chunk);

        byte[] response = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .body(chunks, String.class)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();

        assertThat(json(response)).containsEntry("type", "https://moku-platform/problems/payload-too-large");
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message")).isEqualTo(rows);
    }

    @Test
    void aBodyThatIsNotXmlByContentTypeIs415Problem() {
        byte[] response = app.http.post().uri("/smev/inbound").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"hello\":1}")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();

        assertThat(json(response)).containsEntry("type", "https://moku-platform/problems/unsupported-media-type")
                .containsEntry("status", 415);
    }

    @Test
    void invalidUtf8IsMalformedXmlAndStored() {
        byte[] body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\u0000</a>".getBytes(StandardCharsets.UTF_8);
        body[body.length - 5] = (byte) 0xC3;

        byte[] response = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().returnResult().getResponseBody();

        Map<String, Object> problem = json(response);
        assertThat(problem).containsEntry("type", "https://moku-platform/problems/malformed-xml");
        assertThat((String) problem.get("detail")).contains("UTF-8");
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE id = '" + problem.get("rawMessageId")
                + "' AND status = -1")).isEqualTo(1);
    }

    @Test
    void anUnknownPathIsA404ProblemWithoutInternals() {
        byte[] response = app.http.get().uri("/no/such/path")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();

        assertThat(json(response)).containsEntry("status", 404).doesNotContainKey("trace");
    }

    @Test
    void readinessAndLivenessProbesAreUp() {
        app.management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        app.management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void prometheusExposesTheIntakeCounters() {
        push(SmevMessages.validEnvelope(SmevMessages.newMessageId()), MediaType.TEXT_XML, HttpStatus.ACCEPTED,
                MediaType.APPLICATION_JSON);

        String metrics = app.management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("moku_gateway_intake_total{result=\"accepted\",source=\"push\"}");
    }

    private static Map<String, Object> push(String body, MediaType contentType, HttpStatus expected,
                                            MediaType expectedType) {
        byte[] response = app.http.post().uri("/smev/inbound").contentType(contentType)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectHeader().contentTypeCompatibleWith(expectedType)
                .expectBody().returnResult().getResponseBody();
        return json(response);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] body) {
        return app.codec().mapper().readValue(body, Map.class);
    }

    private static String oversized() {
        return SmevMessages.validEnvelope(SmevMessages.newMessageId())
                .replace("<soap:Body>", "<soap:Body><!-- " + "x".repeat(70 * 1024) + " -->");
    }

}
