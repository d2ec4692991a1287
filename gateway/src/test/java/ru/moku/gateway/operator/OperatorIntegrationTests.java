package ru.moku.gateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.test.StepVerifier;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.GatewayTestApp.Pushed;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.intake.CardOutcome.Result;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;

class OperatorIntegrationTests {

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        // The job runs often but only touches instances failed for an hour; tests back-date those they want it to see.
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.reprocessing.interval", "200ms",
                "moku.gateway.reprocessing.failed-after", "1h",
                "moku.gateway.reprocessing.max-attempts", "3"));
    }

    @Test
    void aRawMessageIsShownWithStatusCodeNameAndItsInstances() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("GET-1"), SmevMessages.legalEntityCard("GET-2"));
        app.publishOutcome(pushed.instanceIds().get(0), pushed.rawMessageId(), Result.REJECTED, "could not store");
        app.awaitInstanceStatus(pushed.instanceIds().get(0), -2);

        Map<String, Object> view = getJson("/api/v1/raw-messages/" + pushed.rawMessageId(), HttpStatus.OK);

        assertThat(view).containsEntry("id", pushed.rawMessageId().toString())
                .containsEntry("smevMessageId", pushed.smevMessageId())
                .containsEntry("source", "PUSH")
                .containsEntry("status", Map.of("code", 2, "name", "SPLIT"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> instances = (List<Map<String, Object>>) view.get("instances");
        assertThat(instances).hasSize(2);
        assertThat(instances.get(0)).containsEntry("id", pushed.instanceIds().get(0).toString())
                .containsEntry("position", 0)
                .containsEntry("status", Map.of("code", -2, "name", "FAILED"))
                .containsEntry("outcome", "REJECTED")
                .containsEntry("error", "could not store");
        assertThat(instances.get(1)).containsEntry("status", Map.of("code", 1, "name", "IN_PROGRESS"));
    }

    @Test
    void invalidMessagesAreListedByStatusCodeOrName() {
        String rawId = pushInvalid();

        for (String status : List.of("-1", "INVALID", "invalid")) {
            List<Map<String, Object>> listed = getJsonList("/api/v1/raw-messages?status=" + status + "&limit=1000");
            assertThat(listed).extracting(view -> view.get("id")).contains(rawId);
            assertThat(listed).allSatisfy(view -> assertThat(view.get("status")).isEqualTo(Map.of("code", -1,
                    "name", "INVALID")));
        }
        Map<String, Object> view = getJson("/api/v1/raw-messages/" + rawId, HttpStatus.OK);
        assertThat(view).containsEntry("problemType", "malformed-xml").containsKey("error");
    }

    @Test
    void aPageSizeOverTheMaximumNotPositiveOrNotANumberIsA400Problem() {
        for (String limit : List.of("100000000", "1001", "-5", "0", "ten")) {
            Map<String, Object> problem = getJson("/api/v1/raw-messages?limit=" + limit, HttpStatus.BAD_REQUEST);

            assertThat(problem).as(limit).containsEntry("status", 400)
                    .containsEntry("type", "https://moku-platform/problems/bad-request")
                    .containsEntry("instance", "/api/v1/raw-messages");
            assertThat(String.valueOf(problem.get("detail"))).as(limit).contains("limit");
        }
    }

    @Test
    void aCursorThisListDidNotGiveOutIsA400Problem() {
        Map<String, Object> problem = getJson("/api/v1/raw-messages?cursor=not-a-cursor", HttpStatus.BAD_REQUEST);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/bad-request")
                .containsEntry("instance", "/api/v1/raw-messages");
        assertThat(String.valueOf(problem.get("detail"))).contains("cursor");
    }

    @Test
    void pagingWithNextVisitsEveryRowOnceNewestFirst() {
        List<String> pushed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pushed.add(pushInvalid());
        }

        List<Map<String, Object>> visited = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Map<String, Object> page = getJson("/api/v1/raw-messages?status=INVALID&limit=2"
                    + (next == null ? "" : "&cursor=" + next), HttpStatus.OK);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
            assertThat(items).hasSizeLessThanOrEqualTo(2);
            visited.addAll(items);
            next = (String) page.get("next");
            pages++;
        } while (next != null && pages < 1000);

        List<Object> ids = visited.stream().map(view -> view.get("id")).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(pushed)
                .hasSize((int) app.db.count("SELECT count(*) FROM smev.raw_message WHERE status = -1"));
        List<Instant> received = visited.stream().map(view -> Instant.parse((String) view.get("receivedAt"))).toList();
        assertThat(received).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void anUnknownStatusIsA400Problem() {
        Map<String, Object> problem = getJson("/api/v1/raw-messages?status=7", HttpStatus.BAD_REQUEST);

        assertThat(problem).containsEntry("status", 400).containsEntry("type", "https://moku-platform/problems/bad-request");
    }

    @Test
    void anUnknownRawMessageIsA404Problem() {
        UUID unknown = UUID.randomUUID();

        assertThat(getJson("/api/v1/raw-messages/" + unknown, HttpStatus.NOT_FOUND))
                .containsEntry("type", "https://moku-platform/problems/not-found");
        assertThat(postJson("/api/v1/raw-messages/" + unknown + "/reprocess", HttpStatus.NOT_FOUND))
                .containsEntry("type", "https://moku-platform/problems/not-found")
                .containsEntry("instance", "/api/v1/raw-messages/" + unknown + "/reprocess");
    }

    @Test
    void reprocessingRepublishesFailedInstancesAsNewMessagesOfTheSameCard() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("RP-1"), SmevMessages.legalEntityCard("RP-2"));
        UUID failed = pushed.instanceIds().get(0);
        Envelope<ServiceCard> original = app.awaitCard(e -> e.data().cardId().equals(failed));
        app.publishOutcome(failed, pushed.rawMessageId(), Result.REJECTED, "card-processor gave up");
        app.publishOutcome(pushed.instanceIds().get(1), pushed.rawMessageId(), Result.ACCEPTED, null);
        app.awaitRawStatus(pushed.rawMessageId(), -3);

        Map<String, Object> result = postJson("/api/v1/raw-messages/" + pushed.rawMessageId() + "/reprocess",
                HttpStatus.OK);

        assertThat(result).containsEntry("rawMessageId", pushed.rawMessageId().toString())
                .containsEntry("resplit", false)
                .containsEntry("republished", List.of(failed.toString()))
                .containsEntry("rawStatus", Map.of("code", 2, "name", "SPLIT"));
        assertThat(app.rawStatus(pushed.rawMessageId())).isEqualTo(2);
        assertThat(app.instanceStatus(failed)).isEqualTo(1);
        assertThat(app.db.count("SELECT publish_count::bigint FROM smev.integration_instance WHERE id = '" + failed + "'"))
                .isEqualTo(2);
        Envelope<ServiceCard> republished = app.awaitCard(e -> e.data().cardId().equals(failed));
        assertThat(republished.id()).isNotEqualTo(original.id());
        assertThat(republished.correlationId()).isEqualTo(failed);
        // The same card, as its second publication (so that a late outcome of the first is told apart).
        assertThat(republished.data()).isEqualTo(original.data().withAttempt(2));
        assertThat(original.data().attempt()).isEqualTo(1);

        app.publishOutcome(failed, pushed.rawMessageId(), Result.ACCEPTED, null);
        app.awaitRawStatus(pushed.rawMessageId(), 3);
    }

    @Test
    void aSecondReprocessingFindsNothingToDo() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("RP2-1"));
        app.publishOutcome(pushed.instanceIds().get(0), pushed.rawMessageId(), Result.REJECTED, "no");
        app.awaitRawStatus(pushed.rawMessageId(), -3);
        postJson("/api/v1/raw-messages/" + pushed.rawMessageId() + "/reprocess", HttpStatus.OK);

        Map<String, Object> problem = postJson("/api/v1/raw-messages/" + pushed.rawMessageId() + "/reprocess",
                HttpStatus.CONFLICT);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/nothing-to-reprocess")
                .containsEntry("rawMessageId", pushed.rawMessageId().toString());
    }

    @Test
    void aRawMessageWhoseSplitFailedIsSplitAgainFromItsStoredBody() {
        // As if an earlier release had failed to split a message this one can split.
        UUID rawId = UUID.randomUUID();
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.envelope(messageId, SmevMessages.serviceData(SmevMessages.legalEntityCard("RS-1")));
        app.db.update("INSERT INTO smev.raw_message (id, smev_message_id, source, body, status, error) VALUES ('"
                + rawId + "', '" + messageId + "', 'PULL', '" + body.replace("'", "''") + "', -2, 'old bug')");

        Map<String, Object> result = postJson("/api/v1/raw-messages/" + rawId + "/reprocess", HttpStatus.OK);

        assertThat(result).containsEntry("resplit", true).containsEntry("rawStatus", Map.of("code", 2, "name", "SPLIT"));
        assertThat(app.rawStatus(rawId)).isEqualTo(2);
        assertThat(app.db.queryForObject("SELECT error FROM smev.raw_message WHERE id = '" + rawId + "'", String.class))
                .isNull();
        UUID instance = app.db.queryForObject("SELECT id FROM smev.integration_instance WHERE raw_message_id = '"
                + rawId + "'", UUID.class);
        assertThat(result.get("republished")).isEqualTo(List.of(instance.toString()));
        assertThat(app.awaitCard(e -> e.data().cardId().equals(instance)).data().applicationNumber()).isEqualTo("RS-1");
    }

    @Test
    void aSplitThatFailsAgainIsA422AndChangesNothing() {
        byte[] receipt = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.envelope(SmevMessages.newMessageId(),
                        SmevMessages.serviceData(SmevMessages.cardWithDate("Y10K", "10000-01-01"))))
                .exchange().expectStatus().isAccepted().expectBody().returnResult().getResponseBody();
        String rawId = String.valueOf(app.codec().mapper().readValue(receipt, Map.class).get("rawMessageId"));

        Map<String, Object> problem = postJson("/api/v1/raw-messages/" + rawId + "/reprocess",
                HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/split-failed");
        assertThat((String) problem.get("detail")).contains("10000-01-01");
        assertThat(app.rawStatus(UUID.fromString(rawId))).isEqualTo(-2);
    }

    @Test
    void theJobRedrivesInstancesFailedForLongerThanFailedAfter() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("JOB-1"));
        UUID instance = pushed.instanceIds().get(0);
        app.awaitCard(e -> e.data().cardId().equals(instance));
        app.publishOutcome(instance, pushed.rawMessageId(), Result.REJECTED, "transient trouble");
        app.awaitRawStatus(pushed.rawMessageId(), -3);

        app.db.update("UPDATE smev.integration_instance SET updated_at = now() - interval '2 hours' WHERE id = '"
                + instance + "'");

        app.awaitInstanceStatus(instance, 1);
        assertThat(app.rawStatus(pushed.rawMessageId())).isEqualTo(2);
        assertThat(app.awaitCard(e -> e.data().cardId().equals(instance)).data().applicationNumber()).isEqualTo("JOB-1");
    }

    @Test
    void theJobLeavesACardThatWasPublishedMaxAttemptsTimesToTheOperator() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("JOB-2"));
        UUID instance = pushed.instanceIds().get(0);
        app.publishOutcome(instance, pushed.rawMessageId(), Result.REJECTED, "rejected for good");
        app.awaitRawStatus(pushed.rawMessageId(), -3);

        app.db.update("UPDATE smev.integration_instance SET publish_count = 3, updated_at = now() - interval '2 hours'"
                + " WHERE id = '" + instance + "'");

        StepVerifier.create(app.bean(ReprocessingJob.class).runOnce())
                .expectNext(0)
                .expectComplete()
                .verify(Duration.ofSeconds(60));
        assertThat(app.instanceStatus(instance)).isEqualTo(-2);
        postJson("/api/v1/raw-messages/" + pushed.rawMessageId() + "/reprocess", HttpStatus.OK);
        assertThat(app.instanceStatus(instance)).isEqualTo(1);
    }

    @Test
    void theRawBodyIsAvailableAsItArrived() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("BODY-1"));

        String body = app.http.get().uri("/api/v1/raw-messages/" + pushed.rawMessageId() + "/body")
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_XML)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains(pushed.smevMessageId()).contains("BODY-1");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> getJson(String uri, HttpStatus expected) {
        byte[] body = app.http.get().uri(uri).exchange().expectStatus().isEqualTo(expected)
                .expectBody().returnResult().getResponseBody();
        return app.codec().mapper().readValue(body, Map.class);
    }

    /** The items of the first page of a list. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> getJsonList(String uri) {
        return (List<Map<String, Object>>) getJson(uri, HttpStatus.OK).get("items");
    }

    /** Pushes a malformed message, stored as invalid (-1); its raw message id. */
    private static String pushInvalid() {
        byte[] problem = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.malformed()).exchange().expectStatus().isBadRequest()
                .expectBody().returnResult().getResponseBody();
        return String.valueOf(app.codec().mapper().readValue(problem, Map.class).get("rawMessageId"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> postJson(String uri, HttpStatus expected) {
        byte[] body = app.http.post().uri(uri).exchange().expectStatus().isEqualTo(expected)
                .expectBody().returnResult().getResponseBody();
        return app.codec().mapper().readValue(body, Map.class);
    }
}
