package ru.moku.orgregistry.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.orgregistry.testing.OrgRegistryUnderTest;
import ru.moku.orgregistry.testing.Organisations;
import ru.moku.runtime.inbox.Inbox;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;

/**
 * org-registry's two ways in and its hand-off to the real ЛКО (survey-service in the same JVM), against the real
 * PostgreSQL, RabbitMQ and Kafka. ЛКО's refusals (422) are scripted with a stub in {@code LkoFailuresIntegrationTests}.
 */
class OrganisationIntakeIntegrationTests {

    private static final Duration WAIT = OrgRegistryUnderTest.WAIT;

    @AutoClose
    private static RunningService lko;
    @AutoClose
    private static OrgRegistryUnderTest registry;

    @BeforeAll
    static void start() {
        lko = OrgRegistryUnderTest.startRealLko();
        registry = OrgRegistryUnderTest.startAgainstRealLko(lko);
    }

    @Test
    void aPutOrganisationIsStoredHandedOffAndRegisteredInLko() {
        OrganisationSubmission submission = Organisations.valid();

        registry.client().put().uri("/api/v1/organisations/{id}", submission.mokuOrganisationId())
                .bodyValue(submission)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mokuOrganisationId").isEqualTo(submission.mokuOrganisationId().toString())
                .jsonPath("$.inn").isEqualTo(submission.inn())
                .jsonPath("$.founder.lastName").isEqualTo("Иванов");

        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");
        UUID lkoId = lkoIdIn(submission);
        assertThat(registry.string("SELECT CAST(lko_organisation_id AS TEXT) FROM pos_os.organisation WHERE "
                + "moku_organisation_id = '" + submission.mokuOrganisationId() + "'")).isEqualTo(lkoId.toString());
        Envelope<OrganisationRegistered> registered = registry.awaitRegistered(submission.mokuOrganisationId());
        assertThat(registered.data()).isEqualTo(new OrganisationRegistered(submission.mokuOrganisationId(),
                submission.cardId(), lkoId));
        assertThat(registered.correlationId()).isEqualTo(submission.cardId());
    }

    @Test
    void theSamePutTwiceAnswers200BothTimesAndLeavesOneRowOneHandOffAndOneLkoId() {
        OrganisationSubmission submission = Organisations.valid();

        registry.put(submission);
        registry.put(submission);

        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");
        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "'")).isEqualTo(1);
        assertThat(handOffs(submission)).isEqualTo(1);
        assertThat(lkoRows(submission)).isEqualTo(1);
    }

    @Test
    void theSameOrganisationByMessageAndByPutIsStoredOnceInBothContours() {
        OrganisationSubmission submission = Organisations.valid();

        registry.publish(submission);
        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");
        registry.put(submission);
        registry.publish(submission);
        OrganisationSubmission marker = Organisations.valid();
        registry.publish(marker);
        registry.awaitStatus(marker.mokuOrganisationId(), "CREATED_IN_LKO");

        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "'")).isEqualTo(1);
        assertThat(handOffs(submission)).isEqualTo(1);
        assertThat(lkoRows(submission)).isEqualTo(1);
        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "' AND lko_organisation_id = '" + lkoIdIn(submission) + "'")).isEqualTo(1);
    }

    @Test
    void aChangedSubmissionUpdatesTheStoredOrganisation() {
        OrganisationSubmission submission = Organisations.valid();
        registry.put(submission);
        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");

        registry.put(Organisations.withName(submission, "ООО Вектор-2"));

        assertThat(registry.string("SELECT name FROM pos_os.organisation WHERE moku_organisation_id = '"
                + submission.mokuOrganisationId() + "'")).isEqualTo("ООО Вектор-2");
        assertThat(registry.string("SELECT status FROM pos_os.organisation WHERE moku_organisation_id = '"
                + submission.mokuOrganisationId() + "'")).isEqualTo("CREATED_IN_LKO");
    }

    /** Issue 13: an organisation ЛКО has gets the change through ЛКО's update, guarded by ПОС.ОС's revision. */
    @Test
    void aCorrectedOktmoOfAnOrganisationInLkoReachesLkoAsAnUpdate() {
        OrganisationSubmission failed = Organisations.withOktmo(Organisations.valid(), null);
        registry.publish(failed);
        registry.awaitStatus(failed.mokuOrganisationId(), "CREATED_IN_LKO");
        assertThat(lkoColumn(failed, "coalesce(oktmo, 'none')")).isEqualTo("none");

        registry.publish(Organisations.withOktmo(failed, "92701000"));

        await("ЛКО updated").atMost(WAIT).until(() -> "92701000".equals(lkoColumn(failed, "oktmo")));
        assertThat(lkoColumn(failed, "source_revision::text")).isEqualTo("2");
        assertThat(handOffs(failed)).isEqualTo(2);
        assertThat(lkoRows(failed)).isEqualTo(1);
        registry.awaitStatus(failed.mokuOrganisationId(), "CREATED_IN_LKO");
    }

    /** Issue 13: a submission whose ОКТМО answer is older than the stored one's (a stale correction) is not taken. */
    @Test
    void aSubmissionWithAnOlderOktmoAnswerThanTheStoredOneChangesNothing() {
        java.time.Instant now = java.time.Instant.now();
        OrganisationSubmission corrected = Organisations.answeredAt(
                Organisations.withOktmo(Organisations.valid(), "92701000"), now);
        registry.put(corrected);
        registry.awaitStatus(corrected.mokuOrganisationId(), "CREATED_IN_LKO");

        registry.put(Organisations.answeredAt(Organisations.withOktmo(corrected, null), now.minusSeconds(5)));
        registry.put(Organisations.answeredAt(Organisations.withOktmo(corrected, "45382000"), now.minusSeconds(1)));

        assertThat(registry.string("SELECT oktmo || '|' || revision FROM pos_os.organisation"
                + " WHERE moku_organisation_id = '" + corrected.mokuOrganisationId() + "'")).isEqualTo("92701000|1");
        assertThat(handOffs(corrected)).isEqualTo(1);
        assertThat(lkoColumn(corrected, "oktmo")).isEqualTo("92701000");
    }

    @Test
    void anotherCardOfAnOrganisationInLkoIsNoUpdateForLko() {
        OrganisationSubmission first = Organisations.valid();
        registry.publish(first);
        registry.awaitStatus(first.mokuOrganisationId(), "CREATED_IN_LKO");

        registry.put(Organisations.withCard(first, UUID.randomUUID()));

        assertThat(registry.string("SELECT revision::text FROM pos_os.organisation WHERE moku_organisation_id = '"
                + first.mokuOrganisationId() + "'")).isEqualTo("1");
        assertThat(handOffs(first)).isEqualTo(1);
        assertThat(lkoColumn(first, "source_revision::text")).isEqualTo("0");
    }

    @Test
    void anotherCardOfAnOrganisationAlreadyInLkoIsConfirmedAtOnceWithTheSameLkoId() {
        OrganisationSubmission first = Organisations.valid();
        registry.publish(first);
        registry.awaitStatus(first.mokuOrganisationId(), "CREATED_IN_LKO");
        UUID lkoId = registry.awaitRegistered(first.mokuOrganisationId()).data().lkoOrganisationId();
        UUID secondCard = UUID.randomUUID();

        registry.publish(Organisations.withCard(first, secondCard));

        Envelope<OrganisationRegistered> confirmed = registry.awaitRegistered(first.mokuOrganisationId());
        assertThat(confirmed.data()).isEqualTo(new OrganisationRegistered(first.mokuOrganisationId(), secondCard,
                lkoId));
        assertThat(handOffs(first)).as("no second hand-off").isEqualTo(1);
        assertThat(lkoRows(first)).isEqualTo(1);
    }

    /**
     * Issue 12: a consumer may run several messages in one transaction (a micro-batch). A submission, its duplicate
     * under another message id and a changed one of the same organisation in one batch: one organisation with the
     * change, one founder, a hand-off for the new and for the changed submission, none for the repeat.
     */
    @Test
    void aSubmissionItsRepeatAndAChangeInOneTransactionStoreOneOrganisationAndHandOffTwice() {
        OrganisationSubmission submission = Organisations.valid();
        OrganisationSubmission changed = Organisations.withName(submission, "ООО Вектор-пакет");
        OrganisationSubmissionHandler handler = registry.bean(OrganisationSubmissionHandler.class);
        Inbox inbox = registry.bean(Inbox.class);
        Mono<Void> batch = Mono.empty();
        for (OrganisationSubmission each : List.of(submission, submission, changed)) {
            Envelope<OrganisationSubmission> message = Envelope.create(MessageTypes.ORGANISATION_SUBMITTED,
                    "moku/test", each.cardId(), null, each.mokuOrganisationId().toString(), each);
            batch = batch.then(inbox.firstDelivery("batch-test", message.id())).then(handler.handle(message));
        }

        StepVerifier.create(registry.bean(TransactionalOperator.class).transactional(batch)).verifyComplete();

        String id = submission.mokuOrganisationId().toString();
        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + id + "'")).isEqualTo(1);
        assertThat(registry.string("SELECT name FROM pos_os.organisation WHERE moku_organisation_id = '" + id + "'"))
                .isEqualTo("ООО Вектор-пакет");
        assertThat(registry.count("founder WHERE moku_organisation_id = '" + id + "'")).isEqualTo(1);
        assertThat(handOffs(submission)).isEqualTo(2);
        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");
        assertThat(lkoRows(submission)).isEqualTo(1);
    }

    @Test
    void aMessageOrganisationIsStoredAndRegisteredInLko() {
        OrganisationSubmission submission = Organisations.valid();

        Envelope<OrganisationSubmission> message = registry.publish(submission);

        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");
        assertThat(registry.count("founder WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "' AND kind = 'PERSON' AND inn = '" + submission.founder().inn() + "'")).isEqualTo(1);
        assertThat(registry.count("processed_message WHERE message_id = '" + message.id() + "'")).isEqualTo(1);
        assertThat(registry.awaitRegistered(submission.mokuOrganisationId()).data().lkoOrganisationId())
                .isEqualTo(lkoIdIn(submission));
    }

    @Test
    void anInvalidMessageOrganisationIsNotStoredButLeavesAnIncident() {
        OrganisationSubmission submission = Organisations.withInn(Organisations.valid(),
                Organisations.wrongCheckDigit(Organisations.valid().inn()));

        Envelope<OrganisationSubmission> message = registry.publish(submission);

        await("incident").atMost(WAIT).until(() -> registry.count("incident WHERE kind = 'INVALID_ORGANISATION' AND "
                + "subject = '" + submission.mokuOrganisationId() + "'") == 1);
        assertThat(registry.string("SELECT message FROM pos_os.incident WHERE subject = '"
                + submission.mokuOrganisationId() + "'")).contains("inn: ").contains("check digit");
        assertThat(registry.string("SELECT payload FROM pos_os.incident WHERE subject = '"
                + submission.mokuOrganisationId() + "'")).contains(message.id().toString());
        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "'")).isZero();
        assertThat(registry.count("processed_message WHERE message_id = '" + message.id() + "'")).isEqualTo(1);
    }

    @Test
    void anInvalidPutIsAnswered422ListingEachInvalidField() {
        OrganisationSubmission valid = Organisations.valid();
        OrganisationSubmission.Founder founder = new OrganisationSubmission.Founder(FounderKind.PERSON, null, null, "Иван",
                null, valid.inn(), null, null, null);
        OrganisationSubmission invalid = new OrganisationSubmission(valid.mokuOrganisationId(), valid.cardId(), "",
                Organisations.wrongCheckDigit(valid.inn()), valid.ogrn(), null, null, null, OktmoOutcome.FOUND, founder, null);

        registry.client().put().uri("/api/v1/organisations/{id}", valid.mokuOrganisationId()).bodyValue(invalid)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-organisation")
                .jsonPath("$.title").isEqualTo("Invalid organisation")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations/" + valid.mokuOrganisationId())
                .jsonPath("$.errors.length()").isEqualTo(5)
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[1].field").isEqualTo("inn")
                .jsonPath("$.errors[1].message").value(message -> assertThat(message.toString()).contains("check"))
                .jsonPath("$.errors[2].field").isEqualTo("oktmoStatus")
                .jsonPath("$.errors[3].field").isEqualTo("founder.lastName")
                .jsonPath("$.errors[4].field").isEqualTo("founder.inn");

        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + valid.mokuOrganisationId() + "'"))
                .isZero();
    }

    @Test
    void aPutWhosePathIdDiffersFromTheBodyIsAnswered422() {
        OrganisationSubmission submission = Organisations.valid();

        registry.client().put().uri("/api/v1/organisations/{id}", UUID.randomUUID()).bodyValue(submission)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo("mokuOrganisationId");

        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "'")).isZero();
    }

    @Test
    void unreadableJsonIsAnswered400AsAProblemOfThisPath() {
        UUID id = UUID.randomUUID();

        registry.client().put().uri("/api/v1/organisations/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{ not json")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/unreadable-request")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations/" + id)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("is not readable JSON (line 1, column"))
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void anUnknownFounderKindOrOktmoStatusIs400NamingTheField() {
        OrganisationSubmission submission = Organisations.valid();
        String body = """
                {"mokuOrganisationId": "%s", "cardId": "%s", "name": "ООО Вектор", "inn": "%s", "ogrn": "%s",
                 "oktmoStatus": "NOT_FOUND", "founder": {"kind": "ROBOT", "inn": "%s"}}""".formatted(
                submission.mokuOrganisationId(), submission.cardId(), submission.inn(), submission.ogrn(),
                submission.founder().inn());

        registry.client().put().uri("/api/v1/organisations/{id}", submission.mokuOrganisationId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[0].field").isEqualTo("founder.kind")
                .jsonPath("$.errors[0].message").isEqualTo("'ROBOT' is not one of LEGAL_ENTITY, PERSON")
                .jsonPath("$.detail").isEqualTo("founder.kind: 'ROBOT' is not one of LEGAL_ENTITY, PERSON");
        registry.client().put().uri("/api/v1/organisations/{id}", submission.mokuOrganisationId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.replace("\"NOT_FOUND\"", "\"MAYBE\"").replace("ROBOT", "PERSON"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("oktmoStatus")
                .jsonPath("$.errors[0].message").isEqualTo("'MAYBE' is not one of FOUND, NOT_FOUND, FAILED");

        assertThat(registry.count("organisation WHERE moku_organisation_id = '" + submission.mokuOrganisationId()
                + "'")).isZero();
    }

    @Test
    void aMalformedIdInThePathOrBodyAndAMissingBodyAre400NamingThem() {
        registry.client().get().uri("/api/v1/organisations/not-an-id").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mokuOrganisationId")
                .jsonPath("$.errors[0].message").isEqualTo("'not-an-id' is not a UUID")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations/not-an-id");
        registry.client().put().uri("/api/v1/organisations/{id}", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"cardId\": 42.5e9, \"founder\": \"me\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cardId");
        registry.client().put().uri("/api/v1/organisations/{id}", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("the request has no body");
        registry.client().get().uri("/api/v1/organisations/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theIncidentApiAnswersAnUnknownKindWith400NamingTheParameter() {
        registry.client().get().uri("/api/v1/incidents?kind=SOMETHING_ELSE").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("kind")
                .jsonPath("$.errors[0].message").value(message -> assertThat(message.toString())
                        .startsWith("'SOMETHING_ELSE' is not one of ").contains("LKO_REJECTED"))
                .jsonPath("$.instance").isEqualTo("/api/v1/incidents");
    }

    private static long handOffs(OrganisationSubmission submission) {
        return registry.count("outbox WHERE message_type = '" + MessageTypes.LKO_HANDOFF_REQUESTED
                + "' AND payload LIKE '%" + submission.mokuOrganisationId() + "%'");
    }

    private static long lkoRows(OrganisationSubmission submission) {
        return lko.database().count("SELECT count(*) FROM lko.organisation WHERE moku_organisation_id = '"
                + submission.mokuOrganisationId() + "'");
    }

    private static String lkoColumn(OrganisationSubmission submission, String expression) {
        return lko.database().queryForObject("SELECT " + expression + " FROM lko.organisation"
                + " WHERE moku_organisation_id = '" + submission.mokuOrganisationId() + "'", String.class);
    }

    private static UUID lkoIdIn(OrganisationSubmission submission) {
        return lko.database().queryForObject("SELECT id FROM lko.organisation WHERE moku_organisation_id = '"
                + submission.mokuOrganisationId() + "'", UUID.class);
    }
}
