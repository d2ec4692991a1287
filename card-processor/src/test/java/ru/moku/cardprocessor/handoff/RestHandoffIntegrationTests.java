package ru.moku.cardprocessor.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.PartnerStub;
import ru.moku.runtime.testing.PartnerStub.Reply;
import ru.moku.runtime.testing.StubTokenEndpoint;

/**
 * The REST variant of the hand-off (seed 000 steps 8–10): card-processor puts the organisation on org-registry — a
 * stub scripted per organisation — with 3 attempts for a 422, backoff for 5xx and timeouts; against the real
 * PostgreSQL, RabbitMQ and Kafka.
 */
class RestHandoffIntegrationTests {

    private static final Duration WAIT = CardProcessorUnderTest.WAIT;
    /** An answer this late is never waited for (the timeout is 3 s). */
    private static final Duration SLOWER_THAN_THE_TIMEOUT = Duration.ofSeconds(10);

    @AutoClose
    private static StubTokenEndpoint tokenEndpoint;
    @AutoClose
    private static PartnerStub orgRegistry;
    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        tokenEndpoint = StubTokenEndpoint.start();
        orgRegistry = PartnerStub.orgRegistry();
        Map<String, String> properties = new HashMap<>(tokenEndpoint.clientProperties());
        properties.putAll(Map.of(
                "moku.card-processor.handoff.variant", "REST",
                "moku.card-processor.handoff.org-registry.base-url", orgRegistry.baseUrl(),
                // Long enough that only the scripted slow answer times out, however loaded the machine.
                "moku.card-processor.handoff.org-registry.timeout", "3s",
                "moku.card-processor.handoff.org-registry.first-backoff", "20ms",
                "moku.card-processor.handoff.org-registry.rejection-backoff", "20ms",
                // The circuit must not open in the middle of these tests' deliberate failures.
                "moku.card-processor.handoff.org-registry.minimum-calls", "1000"));
        cardProcessor = CardProcessorUnderTest.start(properties);
    }

    @Test
    void anAcceptedOrganisationMakesTheCardRegisteredAfterOneCall() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());

        cardProcessor.enrich(card, "45380000");

        cardProcessor.awaitStage(card.cardId(), "REGISTERED");
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(1);
        assertThat(orgRegistry.authorization(mokuId(card))).as("card-processor's client-credentials token")
                .isEqualTo("Bearer " + StubTokenEndpoint.token(1));
        assertThat(cardProcessor.rabbit().messageCount(Destinations.ORGANISATION_SUBMISSIONS.queue()))
                .as("nothing published for the RabbitMQ variant").isZero();
    }

    @Test
    void a422IsTriedThreeTimesThenLeavesAnIncidentAndTheCardEnriched() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        orgRegistry.script(mokuId(card), Reply.status(422), Reply.status(422), Reply.status(422));

        cardProcessor.enrich(card, "45380000");

        awaitIncident(card, OrganisationHandoffHandler.REJECTED);
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(3);
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("ENRICHED");
        assertThat(cardProcessor.count("incident WHERE kind = 'ORG_REGISTRY_REJECTED' AND subject = '"
                + card.cardId() + "' AND attempts = 3 AND payload LIKE '%\"status\":422%'")).isEqualTo(1);
    }

    @Test
    void aRejectionThatClearsOnTheThirdAttemptRegistersTheCard() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        orgRegistry.script(mokuId(card), Reply.status(422), Reply.status(422));

        cardProcessor.enrich(card, "45380000");

        cardProcessor.awaitStage(card.cardId(), "REGISTERED");
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(3);
    }

    @Test
    void serverErrorsAndATimeoutAreRetriedUntilAccepted() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        orgRegistry.script(mokuId(card), Reply.status(503), Reply.slow(SLOWER_THAN_THE_TIMEOUT), Reply.status(500));

        cardProcessor.enrich(card, "45380000");

        cardProcessor.awaitStage(card.cardId(), "REGISTERED");
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(4);
    }

    @Test
    void anOrgRegistryUnavailableOnEveryAttemptLeavesAnIncidentWhichARetryReDrives() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        orgRegistry.script(mokuId(card), Reply.status(503), Reply.status(503), Reply.status(502), Reply.status(504));
        cardProcessor.enrich(card, "45380000");
        UUID incident = awaitIncident(card, OrganisationHandoffHandler.UNAVAILABLE);
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(4);

        cardProcessor.webClient().post().uri("/api/v1/incidents/{id}/retry", incident)
                .bodyValue(Map.of("comment", "org-registry is back"))
                .exchange()
                .expectStatus().isAccepted();

        cardProcessor.awaitStage(card.cardId(), "REGISTERED");
        assertThat(orgRegistry.calls(mokuId(card))).isEqualTo(5);
    }

    private static UUID mokuId(ServiceCard card) {
        return OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn());
    }

    private static UUID awaitIncident(ServiceCard card, IncidentKind kind) {
        await(kind + " for " + card.cardId()).atMost(WAIT).until(() -> cardProcessor.count("incident WHERE kind = '"
                + kind + "' AND subject = '" + card.cardId() + "'") == 1);
        return UUID.fromString(cardProcessor.database().queryForObject("SELECT CAST(id AS TEXT) FROM qal.incident"
                + " WHERE kind = '" + kind + "' AND subject = '" + card.cardId() + "'", String.class));
    }
}
