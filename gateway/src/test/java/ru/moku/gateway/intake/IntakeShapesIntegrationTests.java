package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.attachments.AttachmentIntake;
import ru.moku.gateway.attachments.AttachmentRefusedException;
import ru.moku.gateway.support.FakeSmev;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.MtomBodies;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.gateway.support.SmevShapes;

/**
 * SMEV messages in the shapes real traffic has (issue 10), through push and pull on one gateway: prefixes, default and
 * redeclared namespaces, a byte order mark, one line, {@code Z} timestamps, MTOM with and without attachments (and
 * over its limits), each answer kind. The attachment intake here is a recording stand-in (ATTACHMENTS owns the real
 * one): it keeps what it was handed and refuses a part whose Content-ID starts with "corrupt".
 */
class IntakeShapesIntegrationTests {

    /** What the recording attachment intake was handed, by raw message id: Content-ID → bytes. */
    private static final Map<UUID, Map<String, byte[]>> HANDED = new ConcurrentHashMap<>();
    private static final int PART_LIMIT = 32 * 1024;

    private static FakeSmev smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        smev = new FakeSmev();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.pull.enabled", "true",
                "moku.gateway.pull.endpoint", smev.endpoint(),
                "moku.gateway.pull.concurrency", "1",
                "moku.gateway.pull.idle-backoff", "50ms",
                "moku.gateway.pull.max-idle-backoff", "200ms",
                "moku.gateway.pull.error-backoff", "200ms",
                "moku.gateway.mtom.max-part-size", PART_LIMIT + "B",
                "moku.gateway.mtom.max-message-size", "128KB",
                "moku.gateway.mtom.max-in-memory-size", "4KB"), RecordingAttachments.class);
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            smev.close();
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("foreign prefixes", (Function<String, String>) SmevShapes::foreignPrefixes),
                Arguments.of("default namespaces", (Function<String, String>) SmevShapes::defaultNamespaces),
                Arguments.of("redeclared namespaces", (Function<String, String>) SmevShapes::redeclaredNamespaces),
                Arguments.of("one line", (Function<String, String>) SmevShapes::oneLine),
                Arguments.of("Z timestamps", (Function<String, String>) SmevShapes::zTimestamps));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aPushedMessageInEveryShapeIsStoredAndSplit(String shape, Function<String, String> envelope) {
        String messageId = SmevMessages.newMessageId();

        Map<String, Object> receipt = push(MediaType.TEXT_XML_VALUE,
                envelope.apply(messageId).getBytes(StandardCharsets.UTF_8), HttpStatus.ACCEPTED);

        assertThat(receipt).containsEntry("rawStatus", "SPLIT").containsEntry("instances", 1);
        assertThat(app.rawStatus(UUID.fromString((String) receipt.get("rawMessageId")))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aPulledMessageInEveryShapeIsStoredSplitAndAcknowledged(String shape, Function<String, String> envelope) {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, envelope.apply(messageId));

        awaitAcked(messageId);
        assertThat(rawStatusOf(messageId)).isEqualTo(2);
        assertThat(instancesOf(messageId)).isEqualTo(1);
    }

    @Test
    void aUtf8ByteOrderMarkIsReadPushedAndPulled() {
        String pushed = SmevMessages.newMessageId();
        String pulled = SmevMessages.newMessageId();

        push(MediaType.TEXT_XML_VALUE, withBom(SmevMessages.validEnvelope(pushed)), HttpStatus.ACCEPTED);
        smev.deliverBytes(pulled, "text/xml; charset=utf-8", withBom(SmevMessages.validEnvelope(pulled)));

        awaitAcked(pulled);
        assertThat(rawStatusOf(pushed)).isEqualTo(2);
        assertThat(rawStatusOf(pulled)).isEqualTo(2);
    }

    @Test
    void aPushedMtomMessageIsStoredAndItsAttachmentsHandedToTheAttachmentIntakeInTheTransaction() {
        String messageId = SmevMessages.newMessageId();
        byte[] large = bytes(3 * 4096, 1);
        MtomBodies.Body body = MtomBodies.mtom()
                .attachment("a1@smev", "application/pdf", large)
                .attachment("a2@smev", "image/png", bytes(100, 2))
                .build(SmevMessages.validEnvelope(messageId));

        Map<String, Object> receipt = push(body.contentType(), body.bytes(), HttpStatus.ACCEPTED);

        UUID rawId = UUID.fromString((String) receipt.get("rawMessageId"));
        assertThat(receipt).containsEntry("rawStatus", "SPLIT").containsEntry("instances", 1);
        assertThat(HANDED.get(rawId)).containsOnlyKeys("a1@smev", "a2@smev");
        assertThat(HANDED.get(rawId).get("a1@smev")).as("a part that went to disk, intact").isEqualTo(large);
        assertThat(app.db.queryForObject("SELECT body FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .as("the root part is the stored body").isEqualTo(SmevMessages.validEnvelope(messageId));
    }

    @Test
    void aPushedMtomMessageWithoutAttachmentsIsAnOrdinaryMessage() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().splitStart().build(SmevMessages.validEnvelope(messageId));

        Map<String, Object> receipt = push(body.contentType(), body.bytes(), HttpStatus.ACCEPTED);

        assertThat(receipt).containsEntry("smevMessageId", messageId).containsEntry("rawStatus", "SPLIT");
        assertThat(HANDED.get(UUID.fromString((String) receipt.get("rawMessageId")))).isEmpty();
    }

    @Test
    void aPulledMtomAnswerIsStoredAcknowledgedAndItsPartsHandedOn() {
        String messageId = SmevMessages.newMessageId();
        byte[] content = bytes(5000, 3);

        smev.deliverMtom(messageId, MtomBodies.mtom().splitStart().attachment("file@smev", "application/pdf", content)
                .build(SmevMessages.validEnvelope(messageId)));

        awaitAcked(messageId);
        assertThat(rawStatusOf(messageId)).isEqualTo(2);
        assertThat(HANDED.get(rawIdOf(messageId)).get("file@smev")).isEqualTo(content);
    }

    @Test
    void aPushedPartOverTheLimitIsRefusedWith413AndNothingIsStored() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().attachment("big", "application/pdf", bytes(PART_LIMIT + 1, 4))
                .build(SmevMessages.validEnvelope(messageId));

        Map<String, Object> problem = push(body.contentType(), body.bytes(), HttpStatus.CONTENT_TOO_LARGE);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/payload-too-large");
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isZero();
    }

    @Test
    void aPulledAnswerOverTheLimitIsAnIncidentAndIsNotAcknowledged() {
        String messageId = SmevMessages.newMessageId();
        long incidentsBefore = attachmentIncidents("PULL (no MessageId)");

        smev.deliverMtom(messageId, MtomBodies.mtom().attachment("big", "application/pdf", bytes(PART_LIMIT + 1, 5))
                .build(SmevMessages.validEnvelope(messageId)));

        await("the oversized answer recorded").atMost(Duration.ofSeconds(60))
                .until(() -> attachmentIncidents("PULL (no MessageId)") > incidentsBefore);
        smev.drop(messageId);
        assertThat(smev.acksOf(messageId)).isEmpty();
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isZero();
    }

    @Test
    void aPushedMessageWhoseAttachmentIsRefusedIsA422WithAnIncidentAndNothingStored() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().attachment("corrupt@smev", "application/pdf", bytes(10, 6))
                .build(SmevMessages.validEnvelope(messageId));

        Map<String, Object> problem = push(body.contentType(), body.bytes(), HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/attachment-invalid")
                .containsEntry("smevMessageId", messageId);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .as("the storing transaction was rolled back").isZero();
        assertThat(attachmentIncidents(messageId)).isEqualTo(1);
    }

    @Test
    void aPulledMessageWhoseAttachmentIsRefusedIsNotAcknowledged() {
        String messageId = SmevMessages.newMessageId();

        smev.deliverMtom(messageId, MtomBodies.mtom().attachment("corrupt@smev", "application/pdf", bytes(10, 7))
                .build(SmevMessages.validEnvelope(messageId)));

        await("the refusal recorded").atMost(Duration.ofSeconds(60)).until(() -> attachmentIncidents(messageId) > 0);
        smev.drop(messageId);
        assertThat(smev.acksOf(messageId)).isEmpty();
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isZero();
    }

    @Test
    void aMalformedMtomPackageIsA400AndNotStored() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().rootType("text/xml").build(SmevMessages.validEnvelope(messageId));

        Map<String, Object> problem = push(body.contentType(), body.bytes(), HttpStatus.BAD_REQUEST);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/malformed-mtom");
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isZero();
    }

    static Stream<Arguments> answers() {
        String ours = SmevMessages.newMessageId();
        return Stream.of(
                Arguments.of("REQUEST_REJECTED", SmevMessages.requestRejected("NO_DATA", "нет данных"), "NO_DATA",
                        null),
                Arguments.of("REQUEST_STATUS", SmevMessages.requestStatus(3, "Бизнес-данные отклонены"), "3", null),
                Arguments.of("ASYNC_PROCESSING_STATUS", SmevMessages.asyncProcessingStatus(ours, "messageIsDelivered",
                        "доставлено"), "messageIsDelivered", ours));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachPushedAnswerKindIsRecordedWithStatus4AndNoCard(String kind, String answer, String code,
                                                            String original) {
        String messageId = SmevMessages.newMessageId();

        Map<String, Object> receipt = push(MediaType.TEXT_XML_VALUE,
                SmevMessages.answerEnvelope(messageId, answer).getBytes(StandardCharsets.UTF_8), HttpStatus.ACCEPTED);

        assertThat(receipt).containsEntry("status", "ACCEPTED").containsEntry("rawStatus", "ANSWER")
                .containsEntry("answerKind", kind).doesNotContainKey("instances");
        String rawId = (String) receipt.get("rawMessageId");
        assertAnswerRecorded(rawId, kind, code, original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachPulledAnswerKindIsRecordedAndAcknowledged(String kind, String answer, String code, String original) {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SmevMessages.answerEnvelope(messageId, answer));

        awaitAcked(messageId);
        assertThat(rawStatusOf(messageId)).isEqualTo(4);
        assertAnswerRecorded(rawIdOf(messageId).toString(), kind, code, original);
    }

    private static void assertAnswerRecorded(String rawId, String kind, String code, String original) {
        String answer = "SELECT %s FROM smev.smev_answer WHERE raw_message_id = '" + rawId + "'";
        assertThat(app.db.queryForObject(answer.formatted("kind"), String.class)).isEqualTo(kind);
        assertThat(app.db.queryForObject(answer.formatted("code"), String.class)).isEqualTo(code);
        assertThat(app.db.queryForObject(answer.formatted("original_message_id"), String.class)).isEqualTo(original);
        assertThat(app.db.queryForObject("SELECT status FROM smev.raw_message WHERE id = '" + rawId + "'",
                Integer.class)).isEqualTo(4);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance WHERE raw_message_id = '" + rawId
                + "'")).as("never a service card").isZero();
    }

    private static Map<String, Object> push(String contentType, byte[] body, HttpStatus expected) {
        byte[] response = app.http.post().uri("/smev/inbound")
                .header("Content-Type", contentType)
                .bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectBody().returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = app.codec().mapper().readValue(response, Map.class);
        return json;
    }

    private static void awaitAcked(String messageId) {
        await(messageId + " acknowledged").atMost(Duration.ofSeconds(60)).until(() -> !smev.acksOf(messageId).isEmpty());
    }

    private static int rawStatusOf(String messageId) {
        return app.db.queryForObject("SELECT status FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'",
                Integer.class);
    }

    private static UUID rawIdOf(String messageId) {
        return app.db.queryForObject("SELECT id FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'",
                UUID.class);
    }

    private static long instancesOf(String messageId) {
        return app.db.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id = '" + messageId + "'");
    }

    private static long attachmentIncidents(String subject) {
        return app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'ATTACHMENT_INVALID' AND subject = '"
                + subject + "'");
    }

    private static byte[] withBom(String xml) {
        byte[] text = xml.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        return bytes;
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * The stand-in attachment intake: records every part's bytes; refuses a part whose id starts with "corrupt". It
     * takes the place of the gateway's own (ATTACHMENTS' {@code attachmentIntake}, which would refuse these undeclared
     * parts) as that bean is created.
     */
    @Configuration(proxyBeanMethods = false)
    static class RecordingAttachments {

        private static final AttachmentIntake RECORDING = (rawMessageId, responseMessage, parts) ->
                Flux.fromIterable(parts.values())
                        .concatMap(part -> DataBufferUtils.join(part.content()).map(buffer -> {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return Map.entry(part.contentId(), bytes);
                        }))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                        .flatMap(stored -> {
                            if (stored.keySet().stream().anyMatch(id -> id.startsWith("corrupt"))) {
                                return Mono.error(new AttachmentRefusedException(
                                        "digest mismatch of attachment corrupt@smev", false));
                            }
                            HANDED.put(rawMessageId, stored);
                            return Mono.just(stored.size());
                        });

        @Bean
        static BeanPostProcessor recordingAttachmentIntake() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof AttachmentIntake ? RECORDING : bean;
                }
            };
        }
    }
}
