package ru.moku.orgregistry.lko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.testing.OrgRegistryUnderTest;
import ru.moku.orgregistry.testing.Organisations;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.testing.PartnerStub;
import ru.moku.runtime.testing.PartnerStub.Reply;
import ru.moku.runtime.testing.StubTokenEndpoint;

/**
 * The hand-off to ЛКО when ЛКО misbehaves (a stub scripted per organisation: 422, 5xx, timeouts, other 4xx), against
 * the real PostgreSQL, RabbitMQ and Kafka; and the incident retry that re-drives it.
 */
class LkoFailuresIntegrationTests {

    /** One ЛКО call's timeout: long enough that only a deliberately slow answer times out on a loaded machine. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    /** A deliberately slow answer: twice the timeout, so it times out however slowly the test runs. */
    private static final Duration SLOW = CALL_TIMEOUT.multipliedBy(2);

    @AutoClose
    private static PartnerStub lko;
    @AutoClose
    private static OrgRegistryUnderTest registry;

    @BeforeAll
    static void start() {
        lko = PartnerStub.lko();
        registry = OrgRegistryUnderTest.start(lko.baseUrl(), CALL_TIMEOUT);
    }

    @Test
    void serverErrorsAreRetriedUntilLkoCreatesTheOrganisation() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        lko.script(id, Reply.status(503), Reply.status(500));

        registry.put(submission);

        registry.awaitStatus(id, "CREATED_IN_LKO");
        assertThat(lko.calls(id)).isEqualTo(3);
        assertThat(lko.authorization(id)).as("org-registry's client-credentials token")
                .isEqualTo("Bearer " + StubTokenEndpoint.token(1));
        assertThat(registry.tokenEndpoint().issued()).as("one token for every call").isEqualTo(1);
        assertThat(registry.awaitRegistered(id).data().lkoOrganisationId()).isEqualTo(lko.lkoId(id));
        assertThat(registry.count("incident WHERE subject = '" + id + "'")).isZero();
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        lko.script(id, Reply.slow(SLOW));

        registry.put(submission);

        registry.awaitStatus(id, "CREATED_IN_LKO");
        assertThat(lko.calls(id)).isEqualTo(2);
    }

    @Test
    void lkoUnavailableThroughEveryAttemptFailsTheOrganisationWithAnIncidentThatARetryReDrives() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        lko.script(id, Reply.status(503), Reply.slow(SLOW), Reply.status(502),
                Reply.status(504));

        registry.put(submission);

        registry.awaitStatus(id, "FAILED");
        assertThat(lko.calls(id)).isEqualTo(4);
        assertThat(registry.count("incident WHERE kind = 'LKO_UNAVAILABLE' AND subject = '" + id
                + "' AND attempts = 4 AND status = 'OPEN'")).isEqualTo(1);
        assertThat(registry.count("manual_review WHERE moku_organisation_id = '" + id + "'")).isZero();
        String incidentId = registry.string("SELECT CAST(id AS TEXT) FROM pos_os.incident WHERE subject = '" + id
                + "'");

        registry.client().post().uri("/api/v1/incidents/{id}/retry", incidentId)
                .exchange()
                .expectStatus().isAccepted();

        registry.awaitStatus(id, "CREATED_IN_LKO");
        assertThat(lko.calls(id)).isEqualTo(5);
        assertThat(registry.awaitRegistered(id).data().lkoOrganisationId()).isEqualTo(lko.lkoId(id));
    }

    @Test
    void lkoRefusingThreeTimesLeavesAnIncidentAndAManualReviewWhichARetryReDrives() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        lko.script(id, Reply.status(422), Reply.status(422), Reply.status(422));

        registry.put(submission);

        registry.awaitStatus(id, "MANUAL_REVIEW");
        assertThat(lko.calls(id)).as("the seed's three attempts").isEqualTo(3);
        assertThat(registry.count("incident WHERE kind = 'LKO_REJECTED' AND subject = '" + id + "' AND attempts = 3"
                + " AND status = 'OPEN' AND payload LIKE '%422%'")).isEqualTo(1);
        String incidentId = registry.string("SELECT CAST(id AS TEXT) FROM pos_os.incident WHERE subject = '" + id
                + "'");
        assertThat(registry.count("manual_review WHERE moku_organisation_id = '" + id + "' AND incident_id = '"
                + incidentId + "' AND status = 'OPEN' AND problem LIKE '%422%'")).isEqualTo(1);

        registry.client().post().uri("/api/v1/incidents/{id}/retry", incidentId)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.resolutionComment").isEqualTo("retried");

        registry.awaitStatus(id, "CREATED_IN_LKO");
        assertThat(lko.calls(id)).isEqualTo(4);
        assertThat(registry.awaitRegistered(id).data().lkoOrganisationId()).isEqualTo(lko.lkoId(id));
        assertThat(registry.count("manual_review WHERE moku_organisation_id = '" + id + "' AND status = 'RETRIED'"))
                .isEqualTo(1);
        registry.client().post().uri("/api/v1/incidents/{id}/retry", incidentId)
                .exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void anotherClientErrorGoesToManualReviewWithoutRetries() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        lko.script(id, Reply.status(400));

        registry.put(submission);

        registry.awaitStatus(id, "MANUAL_REVIEW");
        assertThat(lko.calls(id)).isEqualTo(1);
        assertThat(registry.count("incident WHERE kind = 'LKO_REJECTED' AND subject = '" + id + "' AND attempts = 1"))
                .isEqualTo(1);
        assertThat(registry.count("manual_review WHERE moku_organisation_id = '" + id + "' AND status = 'OPEN'"))
                .isEqualTo(1);
    }
}
