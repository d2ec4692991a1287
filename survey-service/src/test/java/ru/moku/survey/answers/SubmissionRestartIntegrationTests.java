package ru.moku.survey.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.rabbit.ReliableConsumer;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.survey.TestSurveyService;

/** Answers accepted with 202 survive survey-service being restarted before its consumer stored them (steps 19–20). */
class SubmissionRestartIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBMISSIONS = Destinations.SURVEY_SUBMISSIONS.queue();

    private TestDatabase database;
    private TestRabbit rabbit;

    @BeforeEach
    void createServers() {
        database = TestDatabase.create();
        rabbit = TestRabbit.create();
    }

    @AfterEach
    void dropServers() {
        try {
            rabbit.close();
        } finally {
            database.close();
        }
    }

    @Test
    void answersQueuedWhileTheConsumerWasStoppedAreStoredByTheNextInstance() {
        SurveyClaims claims = SurveyTestTokens.claims();
        UUID submissionId;
        try (ConfigurableApplicationContext first = TestSurveyService.start(database, rabbit, Map.of())) {
            first.getBean("surveySubmissionConsumer", ReliableConsumer.class).stop();

            submissionId = submit(first, claims);

            await("the submission published and waiting in its queue").atMost(WAIT).until(() -> rabbit.messageCount(SUBMISSIONS) == 1);
        }
        assertThat(answerRows(claims)).isZero();
        assertThat(stored(submissionId)).isFalse();

        try (ConfigurableApplicationContext second = TestSurveyService.start(database, rabbit, Map.of())) {
            await("the answers stored by the second instance").atMost(WAIT).until(() -> answerRows(claims) == 3);
            assertCompletionPublished(second, claims, submissionId);
        }
        assertThat(stored(submissionId)).isTrue();
    }

    @Test
    void answersAcceptedRightBeforeTheServiceStoppedAreStoredByTheNextInstance() {
        SurveyClaims claims = SurveyTestTokens.claims();
        UUID submissionId;
        // Closed right after the 202: the submission may still be in the outbox or already in the queue.
        try (ConfigurableApplicationContext first = TestSurveyService.start(database, rabbit, Map.of())) {
            first.getBean("surveySubmissionConsumer", ReliableConsumer.class).stop();
            submissionId = submit(first, claims);
        }
        assertThat(answerRows(claims)).isZero();

        try (ConfigurableApplicationContext second = TestSurveyService.start(database, rabbit, Map.of())) {
            await("the answers stored by the second instance").atMost(WAIT).until(() -> answerRows(claims) == 3);
            assertCompletionPublished(second, claims, submissionId);
        }
    }

    private static UUID submit(ConfigurableApplicationContext context, SurveyClaims claims) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        SubmissionAccepted accepted = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(WAIT).build()
                .post().uri("/api/v1/surveys/{token}/answers", SurveyTestTokens.token(claims))
                .bodyValue(new SubmitAnswers(List.of(
                        new SubmitAnswers.Answer("q1", List.of("3")),
                        new SubmitAnswers.Answer("q2", List.of("yes")),
                        new SubmitAnswers.Answer("q4", List.of("5")))))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(SubmissionAccepted.class)
                .returnResult().getResponseBody();
        assertThat(accepted).isNotNull();
        return accepted.submissionId();
    }

    private void assertCompletionPublished(ConfigurableApplicationContext context, SurveyClaims claims,
                                           UUID submissionId) {
        EnvelopeCodec codec = context.getBean(EnvelopeCodec.class);
        await("the survey completed published").atMost(WAIT).until(() -> rabbit.messageCount(Destinations.SURVEYS_COMPLETED.queue()) == 1);
        SurveyCompleted completed = codec.decode(rabbit.take(Destinations.SURVEYS_COMPLETED.queue())
                .getBytes(StandardCharsets.UTF_8), SurveyCompleted.class).data();
        assertThat(completed.cardId()).isEqualTo(claims.cardId());
        assertThat(completed.submissionId()).isEqualTo(submissionId);
        assertThat(completed.answers()).isEqualTo(3);
        assertThat(database.strings("SELECT question_id FROM lko.poll_question_answers WHERE submission_id = '"
                + submissionId + "' ORDER BY question_id")).containsExactly("q1", "q2", "q4");
    }

    private long answerRows(SurveyClaims claims) {
        return database.count("SELECT count(*) FROM lko.poll_question_answers WHERE card_id = '" + claims.cardId()
                + "'");
    }

    private boolean stored(UUID submissionId) {
        return Boolean.TRUE.equals(database.queryForObject(
                "SELECT stored_at IS NOT NULL FROM lko.survey_submission WHERE submission_id = '" + submissionId + "'",
                Boolean.class));
    }
}
