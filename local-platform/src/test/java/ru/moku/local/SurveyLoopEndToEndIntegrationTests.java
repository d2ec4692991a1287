package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 000 steps 1–22 end to end, all real: SMEV message in → card → ОКТМО → ПОС.ОС → ЛКО → survey link signed and sent
 * through SMEV → read back from the SMEV simulator as ЛК ЕПГУ got it → questionnaire fetched and answers posted
 * through the gateway's public API → answers in {@code lko.poll_question_answers}, the completion in
 * {@code qal.poll_answer_registers}, the card SURVEY_COMPLETED. On the shared platform ({@link SharedEndToEndPlatform}),
 * checked for the test's own batch.
 */
@ExtendWith(SharedEndToEndPlatform.class)
@Order(1)
class SurveyLoopEndToEndIntegrationTests {

    private static final int CARDS = 120;
    /** Half of the links: the other half stays LINK_SENT. */
    private static final int ANSWERED = 60;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void theApplicantsWhoAnswerTheirLinkCompleteTheSurveyAndEveryAnswerIsStoredOnce(EndToEndPlatform endToEnd) {
        Platform platform = endToEnd.platform();
        PlatformState state = endToEnd.state();
        SmevSimulatorClient.Batch batch = new SmevSimulatorClient(platform.simulatorUrl()).generate(CARDS, 0, 22L);
        // The platform is shared: everything is checked for this batch's cards.
        String batchCards = "(SELECT id FROM qal.service_card WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(batch.messageIds()) + ")";
        await("every card's link sent").atMost(RUN_TIMEOUT)
                .until(() -> Demo.linksSent(state.readBatch(batch.messageIds()), CARDS, 0, 0));
        Set<String> applications = state.applicationNumbers(batch.messageIds());
        LkpClient lkp = new LkpClient(platform.gatewayUrl(), platform.simulatorUrl(), Demo.LKP_ORIGIN);
        List<LkpClient.Link> links = lkp.links().stream()
                .filter(link -> applications.contains(link.applicationNumber())).toList();
        assertThat(applications).hasSize(CARDS);
        assertThat(links).as("one link per card of the batch").hasSize(CARDS);
        assertThat(links).extracting(LkpClient.Link::applicationNumber).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(applications);

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
        await("the answered cards SURVEY_COMPLETED, the others LINK_SENT").atMost(RUN_TIMEOUT)
                .until(() -> Demo.linksSent(state.readBatch(batch.messageIds()), CARDS, 0, ANSWERED));
        assertThat(endToEnd.strings("SELECT CAST(submission_id AS TEXT) FROM qal.poll_answer_registers"
                + " WHERE card_id IN " + batchCards)).containsExactlyInAnyOrderElementsOf(submissions);
        assertThat(endToEnd.strings("SELECT CAST(submission_id AS TEXT) FROM lko.survey_submission"
                + " WHERE stored_at IS NOT NULL AND card_id IN " + batchCards))
                .containsExactlyInAnyOrderElementsOf(submissions);
        long questions = endToEnd.count("SELECT count(*) FROM lko.survey_question WHERE survey_id = 'default'");
        assertThat(endToEnd.count("SELECT count(*) FROM lko.poll_question_answers WHERE card_id IN " + batchCards))
                .as("one row per question of each submission").isEqualTo(ANSWERED * questions);
        assertThat(endToEnd.count("SELECT count(*) FROM (SELECT submission_id, question_id FROM"
                + " lko.poll_question_answers GROUP BY 1, 2 HAVING count(*) > 1) d")).isZero();
        assertThat(endToEnd.count("""
                SELECT count(*) FROM qal.poll_answer_registers r
                JOIN qal.organisation o ON o.card_id = r.card_id
                WHERE r.lko_organisation_id = o.lko_organisation_id AND r.card_id IN\s""" + batchCards))
                .isEqualTo(ANSWERED);
    }
}
