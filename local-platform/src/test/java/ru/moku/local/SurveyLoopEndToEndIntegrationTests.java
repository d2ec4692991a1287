package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;

/**
 * Seed 000 steps 1–22 end to end, all real: SMEV message in → card → ОКТМО → ПОС.ОС → ЛКО → survey link signed and sent
 * through SMEV → read back from the SMEV simulator as ЛК ЕПГУ got it → questionnaire fetched and answers posted
 * through the gateway's public API → answers in {@code lko.poll_question_answers}, the completion in
 * {@code qal.poll_answer_registers}, the card SURVEY_COMPLETED.
 */
class SurveyLoopEndToEndIntegrationTests {

    private static final int CARDS = 200;
    private static final int ANSWERED = 120;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private EndToEndPlatform endToEnd;

    @BeforeEach
    void startPlatform() {
        endToEnd = EndToEndPlatform.start(Map.of(
                // Every applicant of the test answers from 127.0.0.1; the limit itself is tested in the gateway.
                "moku.gateway.surveys.rate-limit.requests", "1000000"));
    }

    @AfterEach
    void stopPlatform() {
        if (endToEnd != null) {
            endToEnd.close();
        }
    }

    @Test
    void theApplicantsWhoAnswerTheirLinkCompleteTheSurveyAndEveryAnswerIsStoredOnce() {
        Platform platform = endToEnd.platform();
        new SmevSimulatorClient(platform.simulatorUrl()).generate(CARDS, 0, 22L);
        await("every card's link sent").atMost(RUN_TIMEOUT).until(() -> Demo.linksSent(endToEnd.state().read(), CARDS, 0, 0));
        LkpClient lkp = new LkpClient(platform.gatewayUrl(), platform.simulatorUrl(), Demo.LKP_ORIGIN);
        List<LkpClient.Link> links = lkp.links();
        assertThat(links).hasSize(CARDS);
        assertThat(links).extracting(LkpClient.Link::applicationNumber).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(endToEnd.strings("SELECT application_number FROM qal.service_card"));

        Set<String> submissions = new HashSet<>();
        for (LkpClient.Link link : links.subList(0, ANSWERED)) {
            LkpClient.Answer questionnaire = lkp.questionnaire(link.token());
            assertThat(questionnaire.status()).isEqualTo(200);
            LkpClient.Answer accepted = lkp.answerEverything(link.token());
            assertThat(accepted.status()).as("answers of " + link.applicationNumber()).isEqualTo(202);
            submissions.add(accepted.body().path("submissionId").asText());
        }
        LkpClient.Answer again = lkp.answerEverything(links.get(0).token());

        assertThat(again.status()).as("a second submission for the same card").isEqualTo(409);
        await("the answered cards SURVEY_COMPLETED, the others LINK_SENT").atMost(RUN_TIMEOUT).until(() -> Demo.linksSent(endToEnd.state().read(), CARDS, 0, ANSWERED));
        assertThat(endToEnd.strings("SELECT CAST(submission_id AS TEXT) FROM qal.poll_answer_registers"))
                .containsExactlyInAnyOrderElementsOf(submissions);
        assertThat(endToEnd.strings("SELECT CAST(submission_id AS TEXT) FROM lko.survey_submission"
                + " WHERE stored_at IS NOT NULL")).containsExactlyInAnyOrderElementsOf(submissions);
        long questions = Long.parseLong(endToEnd.strings(
                "SELECT count(*) FROM lko.survey_question WHERE survey_id = 'default'").get(0));
        assertThat(Long.parseLong(endToEnd.strings("SELECT count(*) FROM lko.poll_question_answers").get(0)))
                .as("one row per question of each submission").isEqualTo(ANSWERED * questions);
        assertThat(endToEnd.strings("SELECT count(*) FROM (SELECT submission_id, question_id FROM"
                + " lko.poll_question_answers GROUP BY 1, 2 HAVING count(*) > 1) d")).containsExactly("0");
        assertThat(endToEnd.strings("""
                SELECT count(*) FROM qal.poll_answer_registers r
                JOIN qal.organisation o ON o.card_id = r.card_id
                WHERE r.lko_organisation_id = o.lko_organisation_id""")).containsExactly(String.valueOf(ANSWERED));
    }
}
