package ru.moku.gateway.surveylink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevSimulator;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.smev.crypto.GostKeys;

/**
 * Our signed requests against the SMEV simulator that checks every caller signature (as real SMEV does), with the key
 * stores smev-crypto's CLI writes for the local run: the SendRequest with a survey link is accepted, the pull loop's
 * GetResponse and Ack too, and the simulator's AsyncProcessingStatus about the SendRequest, pulled, reaches
 * card-processor as the link's delivery.
 */
class SignedRequestsSimulatorIntegrationTests {

    @TempDir
    static Path keys;

    private static SmevSimulator smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        GostKeys.main(new String[] {keys.toString()});
        smev = new SmevSimulator("--simulators.smev.verification.verify-callers=true",
                "--simulators.smev.verification.trust-store=" + keys.resolve("trust-gateway.p12"),
                "--simulators.smev.verification.trust-store-password=" + GostKeys.LOCAL_PASSWORD,
                "--simulators.smev.async-status.enabled=true");
        app = GatewayTestApp.start(Map.ofEntries(
                Map.entry("moku.gateway.survey-link.endpoint", smev.endpoint()),
                Map.entry("moku.gateway.pull.enabled", "true"),
                Map.entry("moku.gateway.pull.endpoint", smev.endpoint()),
                Map.entry("moku.gateway.pull.concurrency", "1"),
                Map.entry("moku.gateway.pull.idle-backoff", "100ms"),
                Map.entry("moku.gateway.pull.max-idle-backoff", "200ms"),
                Map.entry("moku.gateway.pull.error-backoff", "200ms"),
                Map.entry("moku.gateway.smev.signing.enabled", "true"),
                Map.entry("moku.gateway.smev.signing.key-store", keys.resolve("gateway.p12").toString()),
                Map.entry("moku.gateway.smev.signing.key-store-password", GostKeys.LOCAL_PASSWORD),
                Map.entry("moku.gateway.smev.signing.key-alias", "gateway")));
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

    @Test
    void aVerifyingSmevTakesOurSignedRequestsAndItsStatusReachesTheCard() {
        UUID cardId = UUID.randomUUID();
        SurveyLinkIssued link = new SurveyLinkIssued(cardId, UUID.randomUUID().toString(), "APP-SIGNED-1",
                "10000012345", "https://lkp.example/surveys/" + cardId,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS));
        Envelope<SurveyLinkIssued> issued = Envelope.create(MessageTypes.SURVEY_LINK_ISSUED, "moku/card-processor",
                cardId, null, cardId.toString(), link);

        app.rabbit.publish(Destinations.SURVEY_LINKS, app.codec().encodeToString(issued));

        await("the SendRequest accepted").atMost(Duration.ofSeconds(60)).until(() -> app.db.count(
                "SELECT count(*) FROM smev.sent_request WHERE message_id = '" + issued.id() + "'") == 1);
        Envelope<SurveyLinkDelivery> delivery = awaitDelivery(cardId);
        assertThat(delivery.data().smevMessageId()).isEqualTo(issued.id().toString());
        assertThat(delivery.data().outcome()).isEqualTo(SurveyLinkDelivery.Outcome.DELIVERED);
        assertThat(app.db.count("SELECT count(*) FROM smev.incident")).as("no request refused").isZero();
    }

    private static Envelope<SurveyLinkDelivery> awaitDelivery(UUID cardId) {
        Envelope<?>[] found = new Envelope<?>[1];
        await("SurveyLinkDelivery for card " + cardId).atMost(Duration.ofSeconds(60)).until(() -> {
            for (String body = app.rabbit.take(Destinations.SURVEY_LINK_DELIVERIES.queue()); body != null;
                 body = app.rabbit.take(Destinations.SURVEY_LINK_DELIVERIES.queue())) {
                Envelope<SurveyLinkDelivery> delivery = app.codec().decode(body.getBytes(StandardCharsets.UTF_8),
                        SurveyLinkDelivery.class);
                if (delivery.data().cardId().equals(cardId)) {
                    found[0] = delivery;
                }
            }
            return found[0] != null;
        });
        @SuppressWarnings("unchecked")
        Envelope<SurveyLinkDelivery> delivery = (Envelope<SurveyLinkDelivery>) found[0];
        return delivery;
    }
}
