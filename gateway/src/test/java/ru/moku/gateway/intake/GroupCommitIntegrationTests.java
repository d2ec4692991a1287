package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;

/**
 * The intake's group commit on the real database: concurrent pushes share one transaction (the same {@code xmin}),
 * each is answered only once its rows are visible to others, and a group one message of which cannot be stored is
 * stored again message by message — the others taken, the bad one failing alone.
 */
class GroupCommitIntegrationTests {

    /** Rows of a body holding this fail to insert (a trigger of the test's database), alone or in a group. */
    private static final String POISON = "POISON-ROW";

    @AutoClose
    private static GatewayTestApp app;
    private static HttpClient client;
    private static URI inbound;

    @BeforeAll
    static void start() {
        // One group at a time, each waiting long enough for a burst of pushes to join it.
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.intake.group-concurrency", "1",
                "moku.gateway.intake.group-window", "400ms",
                "moku.gateway.intake.group-max-size", "64"));
        app.db.update("""
                CREATE FUNCTION smev.refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.body LIKE '%%%s%%' THEN RAISE EXCEPTION 'poison row'; END IF;
                  RETURN NEW;
                END $$""".formatted(POISON));
        app.db.update("CREATE TRIGGER refuse_poison BEFORE INSERT ON smev.raw_message FOR EACH ROW "
                + "EXECUTE FUNCTION smev.refuse_poison()");
        client = HttpClient.newHttpClient();
        inbound = URI.create("http://127.0.0.1:" + app.context.getEnvironment().getProperty("local.server.port")
                + "/smev/inbound");
    }

    @Test
    void concurrentPushesShareOneTransactionAndEachIsAnsweredAfterItsCommit() {
        List<String> messageIds = new ArrayList<>();
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String messageId = SmevMessages.newMessageId();
            messageIds.add(messageId);
            answers.add(push(SmevMessages.validEnvelope(messageId), messageId));
        }

        for (CompletableFuture<Answer> answer : answers) {
            Answer taken = answer.join();
            assertThat(taken.status()).isEqualTo(202);
            assertThat(taken.visibleWhenAnswered()).as("stored and committed before the 202").isTrue();
        }
        String ids = String.join("','", messageIds);
        assertThat(app.db.count("SELECT count(DISTINCT xmin::text) FROM smev.raw_message WHERE smev_message_id IN ('"
                + ids + "')")).as("transactions that stored the 8 messages").isLessThanOrEqualTo(2);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id IN ('" + ids + "') AND i.status = 1"))
                .isEqualTo(8);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE status = 2 AND source = 'PUSH'"
                + " AND smev_message_id IN ('" + ids + "')")).isEqualTo(8);
    }

    @Test
    void aMessageThatCannotBeStoredFailsAloneAndTheRestOfItsGroupIsStored() {
        List<String> good = new ArrayList<>();
        List<CompletableFuture<Answer>> goodAnswers = new ArrayList<>();
        String poisonId = SmevMessages.newMessageId();
        CompletableFuture<Answer> poison = null;
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                poison = push(SmevMessages.envelope(poisonId, SmevMessages.serviceData(
                        SmevMessages.legalEntityCard(POISON))), poisonId);
            }
            String messageId = SmevMessages.newMessageId();
            good.add(messageId);
            goodAnswers.add(push(SmevMessages.validEnvelope(messageId), messageId));
        }

        goodAnswers.forEach(answer -> assertThat(answer.join().status()).isEqualTo(202));
        assertThat(poison.join().status()).as("the bad message fails on its own").isGreaterThanOrEqualTo(500);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + poisonId + "'"))
                .isZero();
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id IN ('" + String.join("','", good) + "')"))
                .isEqualTo(6);
        assertThat(app.management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .containsPattern("moku_gateway_intake_group_fallbacks_total\\S* [1-9]");
    }

    @Test
    void theSameMessageTwiceInOneGroupIsStoredOnceAndAnsweredAsADuplicate() {
        String messageId = SmevMessages.newMessageId();
        String body = SmevMessages.validEnvelope(messageId);
        CompletableFuture<Answer> first = push(body, messageId);
        CompletableFuture<Answer> second = push(body, messageId);

        List<Integer> statuses = List.of(first.join().status(), second.join().status());

        assertThat(statuses).containsExactlyInAnyOrder(202, 200);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isEqualTo(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id = '" + messageId + "'"))
                .as("one card").isEqualTo(1);
    }

    /** The push's status, and whether its raw message was visible to another connection the moment it came. */
    private record Answer(int status, boolean visibleWhenAnswered) {
    }

    private static CompletableFuture<Answer> push(String body, String messageId) {
        HttpRequest request = HttpRequest.newBuilder(inbound).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Answer(response.statusCode(), app.db.count(
                        "SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'") == 1));
    }
}
