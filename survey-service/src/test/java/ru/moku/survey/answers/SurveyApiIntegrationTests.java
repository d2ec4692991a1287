package ru.moku.survey.answers;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.json.EnvelopeCodec;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.survey.TestSurveyService;

/** The survey API and the submission consumer of the running survey-service against the real PostgreSQL and RabbitMQ. */
class SurveyApiIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_TEXT = 50;
    private static final String PROBLEMS = "https://moku-platform/problems/";

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static WebTestClient client;
    private static EnvelopeCodec codec;
    /** Every "survey completed" taken off the queue so far (tests run one after another, each for its own card). */
    private static final List<Envelope<SurveyCompleted>> completions = new ArrayList<>();

    @BeforeAll
    static void start() {
        service = TestSurveyService.start(Map.of("moku.survey.answers.max-text-length", MAX_TEXT));
        database = service.database();
        codec = service.bean(EnvelopeCodec.class);
        client = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(WAIT).build();
    }

    @Test
    void aValidTokenGetsTheDefaultQuestionnaireInOrder() {
        client.get().uri("/api/v1/surveys/{token}", SurveyTestTokens.token(SurveyTestTokens.claims()))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.surveyId").isEqualTo("default")
                .jsonPath("$.title").isEqualTo("Оценка качества предоставления услуги")
                .jsonPath("$.questions.length()").isEqualTo(5)
                .jsonPath("$.questions[0].id").isEqualTo("q1")
                .jsonPath("$.questions[0].type").isEqualTo("RATING")
                .jsonPath("$.questions[0].required").isEqualTo(true)
                .jsonPath("$.questions[0].choices.length()").isEqualTo(0)
                .jsonPath("$.questions[1].type").isEqualTo("SINGLE_CHOICE")
                .jsonPath("$.questions[1].choices[*].id").isEqualTo(List.of("yes", "late", "not-yet"))
                .jsonPath("$.questions[1].choices[0].text").isEqualTo("Да, в срок")
                .jsonPath("$.questions[2].type").isEqualTo("MULTIPLE_CHOICE")
                .jsonPath("$.questions[2].required").isEqualTo(false)
                .jsonPath("$.questions[4].id").isEqualTo("q5")
                .jsonPath("$.questions[4].type").isEqualTo("TEXT")
                .jsonPath("$.questions[4].text").isEqualTo("Ваши замечания и предложения");
    }

    @Test
    void aTokenThatIsNotASurveyTokenIs401ForBothEndpoints() {
        expectProblem(client.get().uri("/api/v1/surveys/{token}", "not-a-token").exchange(), 401,
                "invalid-survey-token");
        expectProblem(client.post().uri("/api/v1/surveys/{token}/answers", "not-a-token").bodyValue(validAnswers())
                .exchange(), 401, "invalid-survey-token");
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() {
        String forged = SurveyTestTokens.tokenSignedWithAnotherKey();

        expectProblem(client.get().uri("/api/v1/surveys/{token}", forged).exchange(), 401, "invalid-survey-token");
        expectProblem(client.post().uri("/api/v1/surveys/{token}/answers", forged).bodyValue(validAnswers())
                .exchange(), 401, "invalid-survey-token");
    }

    @Test
    void anExpiredTokenIs410ForBothEndpointsAndStoresNothing() {
        String expired = SurveyTestTokens.expiredToken();
        long submissionsBefore = submissionsSoFar();

        expectProblem(client.get().uri("/api/v1/surveys/{token}", expired).exchange(), 410, "survey-link-expired");
        expectProblem(client.post().uri("/api/v1/surveys/{token}/answers", expired).bodyValue(validAnswers())
                .exchange(), 410, "survey-link-expired");
        assertThat(submissionsSoFar()).isEqualTo(submissionsBefore);
    }

    @Test
    void aTokenForASurveyLkoDoesNotHaveIs404() {
        String token = SurveyTestTokens.token(SurveyTestTokens.claims("no-such-survey"));

        expectProblem(client.get().uri("/api/v1/surveys/{token}", token).exchange(), 404, "unknown-survey");
        expectProblem(client.post().uri("/api/v1/surveys/{token}/answers", token).bodyValue(validAnswers())
                .exchange(), 404, "unknown-survey");
    }

    @Test
    void answersAreAcceptedWith202ThenStoredOneRowPerQuestionAndTheCompletionIsPublished() {
        SurveyClaims claims = SurveyTestTokens.claims();

        UUID submissionId = submit(claims, validAnswers());

        await("the answers stored").atMost(WAIT).until(() -> stored(submissionId));
        assertThat(database.strings("""
                SELECT question_id || '|' || coalesce(answer_text, '-') || '|'
                       || coalesce(array_to_string(answer_choices, ','), '-') || '|' || submission_id || '|'
                       || lko_organisation_id || '|' || survey_id
                FROM lko.poll_question_answers WHERE card_id = '%s' ORDER BY question_id""".formatted(
                claims.cardId()))).containsExactly(
                "q1|5|-|" + submissionId + "|" + claims.lkoOrganisationId() + "|default",
                "q2|-|late|" + submissionId + "|" + claims.lkoOrganisationId() + "|default",
                "q3|-|queue,portal|" + submissionId + "|" + claims.lkoOrganisationId() + "|default",
                "q5|Всё хорошо, спасибо|-|" + submissionId + "|" + claims.lkoOrganisationId() + "|default");
        assertThat(database.queryForObject("SELECT token_id FROM lko.survey_submission WHERE submission_id = '"
                + submissionId + "'", UUID.class)).isEqualTo(claims.tokenId());

        Envelope<SurveyCompleted> completed = awaitCompletion(claims.cardId());
        assertThat(completed.type()).isEqualTo(MessageTypes.SURVEY_COMPLETED);
        assertThat(completed.correlationId()).isEqualTo(claims.cardId());
        assertThat(completed.data().submissionId()).isEqualTo(submissionId);
        assertThat(completed.data().surveyId()).isEqualTo("default");
        assertThat(completed.data().lkoOrganisationId()).isEqualTo(claims.lkoOrganisationId());
        assertThat(completed.data().answers()).isEqualTo(4);
    }

    @Test
    void aSecondSubmissionForTheSameCardIs409AndSoIsTheQuestionnaireAfterwards() {
        SurveyClaims claims = SurveyTestTokens.claims();
        submit(claims, validAnswers());

        // Another link (another token id) for the same card changes nothing: one survey per card.
        SurveyClaims sameCard = new SurveyClaims(UUID.randomUUID(), claims.cardId(), claims.mokuOrganisationId(),
                claims.lkoOrganisationId(), "default", Instant.now(), Instant.now().plus(Duration.ofDays(1)));
        for (String token : List.of(SurveyTestTokens.token(claims), SurveyTestTokens.token(sameCard))) {
            expectProblem(client.post().uri("/api/v1/surveys/{token}/answers", token).bodyValue(validAnswers())
                    .exchange(), 409, "survey-already-completed");
            expectProblem(client.get().uri("/api/v1/surveys/{token}", token).exchange(), 409,
                    "survey-already-completed");
        }
        assertThat(submissionsOf(claims.cardId())).isEqualTo(1);
    }

    @Test
    void concurrentSubmissionsForOneCardAcceptExactlyOne() {
        SurveyClaims claims = SurveyTestTokens.claims();
        String token = SurveyTestTokens.token(claims);
        WebClient webClient = WebClient.create(baseUrl());

        List<Integer> statuses = Flux.fromStream(IntStream.range(0, 8).boxed())
                .flatMap(i -> webClient.post().uri("/api/v1/surveys/{token}/answers", token)
                        .bodyValue(validAnswers())
                        .exchangeToMono(response -> response.releaseBody()
                                .thenReturn(response.statusCode().value())))
                .collectList()
                .block(WAIT);

        assertThat(statuses).hasSize(8).containsOnly(202, 409).containsOnlyOnce(202);
        assertThat(submissionsOf(claims.cardId())).isEqualTo(1);
        awaitCompletion(claims.cardId());
    }

    @Test
    void invalidAnswersAre422ListingEachProblemAndNothingIsAccepted() {
        SurveyClaims claims = SurveyTestTokens.claims();
        SubmitAnswers answers = new SubmitAnswers(List.of(
                answer("q2", "yes", "late"),
                answer("q3", "queue", "weather"),
                answer("q4", "9"),
                answer("q5", "x".repeat(MAX_TEXT + 1)),
                answer("q9", "?")));

        String token = SurveyTestTokens.token(claims);

        client.post().uri("/api/v1/surveys/{token}/answers", token).bodyValue(answers)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + "invalid-answers")
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.instance").isEqualTo("/api/v1/surveys/" + token + "/answers")
                .jsonPath("$.errors[*].questionId").isEqualTo(List.of("q9", "q1", "q2", "q3", "q4", "q5"))
                .jsonPath("$.errors[0].message").isEqualTo("survey default has no such question")
                .jsonPath("$.errors[1].message").isEqualTo("an answer is required")
                .jsonPath("$.errors[2].message").isEqualTo("a single choice takes exactly one value, got 2")
                .jsonPath("$.errors[3].message").value(message -> assertThat(message.toString())
                        .startsWith("not a choice of this question: weather"))
                .jsonPath("$.errors[4].message").isEqualTo("a rating is a whole number from 1 to 5, got '9'")
                .jsonPath("$.errors[5].message").isEqualTo("a text answer has at most " + MAX_TEXT
                        + " characters, got " + (MAX_TEXT + 1));

        assertThat(submissionsOf(claims.cardId())).isZero();
    }

    @Test
    void unreadableJsonIs400AsAProblemDocument() {
        expectProblem(client.post().uri("/api/v1/surveys/{token}/answers",
                        SurveyTestTokens.token(SurveyTestTokens.claims()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{ \"answers\": [ nope")
                .exchange(), 400, "unreadable-request");
    }

    @Test
    void aProblemNamesTheRequestPathItAnswersTokenIncluded() {
        String token = SurveyTestTokens.expiredToken();

        client.get().uri("/api/v1/surveys/{token}", token).exchange()
                .expectStatus().isEqualTo(410)
                .expectBody().jsonPath("$.instance").isEqualTo("/api/v1/surveys/" + token);
        client.post().uri("/api/v1/surveys/{token}/answers", token).bodyValue(validAnswers()).exchange()
                .expectStatus().isEqualTo(410)
                .expectBody().jsonPath("$.instance").isEqualTo("/api/v1/surveys/" + token + "/answers");
    }

    @Test
    void answersOfTheWrongJsonShapeAre400NamingTheField() {
        String token = SurveyTestTokens.token(SurveyTestTokens.claims());

        client.post().uri("/api/v1/surveys/{token}/answers", token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"answers\": [{\"questionId\": \"q1\", \"values\": {\"a\": 1}}]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("answers[0].values")
                .jsonPath("$.errors[0].message").isEqualTo("must be an array")
                .jsonPath("$.detail").isEqualTo("answers[0].values: must be an array");
        client.post().uri("/api/v1/surveys/{token}/answers", token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"answers\": {\"q1\": \"5\"}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("answers");
        client.post().uri("/api/v1/surveys/{token}/answers", token).contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("the request has no body");
    }

    @Test
    void theSameSubmissionMessageDeliveredTwiceStoresItsAnswersOnceAndAnnouncesOnce() {
        SurveyClaims claims = SurveyTestTokens.claims();
        Envelope<SurveySubmission> message = acceptedSubmission(claims);
        String body = codec.encodeToString(message);
        double duplicatesBefore = duplicates();

        service.rabbit().publishAll(Destinations.SURVEY_SUBMISSIONS, List.of(body, body));

        await("the second delivery dropped by the inbox").atMost(WAIT).until(() -> duplicates() >= duplicatesBefore + 1);
        assertThat(answerRowsOf(claims.cardId())).isEqualTo(2);
        awaitCompletion(claims.cardId());
        assertThat(completionsFor(claims.cardId())).hasSize(1);
    }

    @Test
    void theSameSubmissionUnderANewMessageIdIsNotStoredOrAnnouncedAgain() {
        SurveyClaims claims = SurveyTestTokens.claims();
        Envelope<SurveySubmission> first = acceptedSubmission(claims);
        Envelope<SurveySubmission> again = Envelope.create(first.type(), first.source(), first.correlationId(), null,
                first.subject(), first.data());

        service.rabbit().publishAll(Destinations.SURVEY_SUBMISSIONS,
                List.of(codec.encodeToString(first), codec.encodeToString(again)));

        await("both messages processed").atMost(WAIT).until(() -> database.count(
                "SELECT count(*) FROM lko.processed_message WHERE message_id IN ('" + first.id() + "', '" + again.id()
                        + "')") == 2);
        assertThat(answerRowsOf(claims.cardId())).isEqualTo(2);
        awaitCompletion(claims.cardId());
        assertThat(completionsFor(claims.cardId())).hasSize(1);
    }

    /**
     * Issue 12: a consumer may run several messages in one transaction (a micro-batch). The same submission under two
     * message ids in one batch is stored and announced once: the second sees {@code stored_at} the first set.
     */
    @Test
    void theSameSubmissionTwiceInOneTransactionIsStoredAndAnnouncedOnce() {
        SurveyClaims claims = SurveyTestTokens.claims();
        Envelope<SurveySubmission> first = acceptedSubmission(claims);
        Envelope<SurveySubmission> again = Envelope.create(first.type(), first.source(), first.correlationId(), null,
                first.subject(), first.data());
        SurveySubmissionHandler handler = service.bean(SurveySubmissionHandler.class);
        Inbox inbox = service.bean(Inbox.class);

        StepVerifier.create(service.bean(TransactionalOperator.class).transactional(
                        inbox.firstDelivery("batch-test", first.id()).then(handler.handle(first))
                                .then(inbox.firstDelivery("batch-test", again.id())).then(handler.handle(again))))
                .verifyComplete();

        assertThat(answerRowsOf(claims.cardId())).isEqualTo(2);
        awaitCompletion(claims.cardId());
        assertThat(completionsFor(claims.cardId())).hasSize(1);
    }

    @Test
    void aSubmissionSurveyServiceNeverAcceptedIsDeadLetteredWithAnIncident() {
        SurveyClaims claims = SurveyTestTokens.claims();
        Envelope<SurveySubmission> message = Envelope.create(MessageTypes.SURVEY_SUBMITTED, "moku/test",
                claims.cardId(), null, claims.cardId().toString(), submission(claims, UUID.randomUUID()));

        service.rabbit().publish(Destinations.SURVEY_SUBMISSIONS, codec.encodeToString(message));

        await("an incident").atMost(WAIT).until(() -> database.count(
                "SELECT count(*) FROM lko.incident WHERE subject = '" + claims.cardId() + "'") == 1);
        await("the message dead-lettered").atMost(WAIT).until(() -> service.rabbit().messageCount(
                Destinations.SURVEY_SUBMISSIONS.deadLetterQueue()) == 1);
        assertThat(service.rabbit().take(Destinations.SURVEY_SUBMISSIONS.deadLetterQueue())).contains(
                message.id().toString());
        assertThat(answerRowsOf(claims.cardId())).isZero();
    }

    // --- helpers ---

    private static SubmitAnswers validAnswers() {
        return new SubmitAnswers(List.of(
                answer("q1", "5"),
                answer("q2", "late"),
                answer("q3", "queue", "portal"),
                answer("q4"),
                answer("q5", "Всё хорошо, спасибо")));
    }

    private static SubmitAnswers.Answer answer(String questionId, String... values) {
        return new SubmitAnswers.Answer(questionId, List.of(values));
    }

    private static UUID submit(SurveyClaims claims, SubmitAnswers answers) {
        SubmissionAccepted accepted = client.post().uri("/api/v1/surveys/{token}/answers",
                        SurveyTestTokens.token(claims))
                .bodyValue(answers)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(SubmissionAccepted.class)
                .returnResult().getResponseBody();
        assertThat(accepted).isNotNull();
        return accepted.submissionId();
    }

    /** A submission as the API records it (row, not yet stored), and the message it queues, but not published. */
    private static Envelope<SurveySubmission> acceptedSubmission(SurveyClaims claims) {
        UUID submissionId = UUID.randomUUID();
        database.update("""
                INSERT INTO lko.survey_submission (submission_id, card_id, token_id, moku_organisation_id,
                                                   lko_organisation_id, survey_id, submitted_at)
                VALUES ('%s', '%s', '%s', '%s', '%s', 'default', now())""".formatted(submissionId, claims.cardId(),
                claims.tokenId(), claims.mokuOrganisationId(), claims.lkoOrganisationId()));
        return Envelope.create(MessageTypes.SURVEY_SUBMITTED, "moku/test", claims.cardId(), null,
                claims.cardId().toString(), submission(claims, submissionId));
    }

    private static SurveySubmission submission(SurveyClaims claims, UUID submissionId) {
        return new SurveySubmission(submissionId, claims.cardId(), claims.mokuOrganisationId(),
                claims.lkoOrganisationId(), "default", List.of(
                        new SurveySubmission.Answer("q1", List.of("4")),
                        new SurveySubmission.Answer("q3", List.of("documents"))), Instant.now());
    }

    /** A problem document of {@code status} and {@code type} whose {@code instance} is the path that was asked. */
    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String type) {
        EntityExchangeResult<byte[]> result = response.expectStatus().isEqualTo(HttpStatusCode.valueOf(status))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.type").isEqualTo(PROBLEMS + type)
                .jsonPath("$.trace").doesNotExist()
                .returnResult();
        String instance = JsonPath.read(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8),
                "$.instance");
        assertThat(instance).as("instance").isEqualTo(result.getUrl().getRawPath());
    }

    private static Envelope<SurveyCompleted> awaitCompletion(UUID cardId) {
        await("a survey completed for card " + cardId).atMost(WAIT).until(() -> !completionsFor(cardId).isEmpty());
        return completionsFor(cardId).get(0);
    }

    private static List<Envelope<SurveyCompleted>> completionsFor(UUID cardId) {
        for (var message : service.rabbit().drain(Destinations.SURVEYS_COMPLETED.queue())) {
            completions.add(codec.decode(message.body().getBytes(StandardCharsets.UTF_8), SurveyCompleted.class));
        }
        return completions.stream().filter(completed -> completed.data().cardId().equals(cardId)).toList();
    }

    private static boolean stored(UUID submissionId) {
        return Boolean.TRUE.equals(database.queryForObject(
                "SELECT stored_at IS NOT NULL FROM lko.survey_submission WHERE submission_id = '" + submissionId + "'",
                Boolean.class));
    }

    private static long submissionsOf(UUID cardId) {
        return database.count("SELECT count(*) FROM lko.survey_submission WHERE card_id = '" + cardId + "'");
    }

    private static long submissionsSoFar() {
        return database.count("SELECT count(*) FROM lko.survey_submission");
    }

    private static long answerRowsOf(UUID cardId) {
        return database.count("SELECT count(*) FROM lko.poll_question_answers WHERE card_id = '" + cardId + "'");
    }

    private static double duplicates() {
        var counter = service.bean(MeterRegistry.class).find("moku.messages.duplicates")
                .tag("queue", Destinations.SURVEY_SUBMISSIONS.queue()).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + service.port();
    }
}
