package ru.moku.survey.answers;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.survey.config.SurveyServiceProperties;
import ru.moku.survey.questionnaire.Questionnaire;
import ru.moku.survey.questionnaire.QuestionnaireRepository;

/**
 * {@code POST /api/v1/surveys/{token}/answers} (seed 000 steps 19–20), reached by ЛКП through the gateway: the
 * answers are checked against the questionnaire, accepted with {@code 202} at once and stored asynchronously by
 * {@link SurveySubmissionHandler}. Errors are problem documents ({@code web.SurveyServiceProblems}).
 */
@RestController
class AnswersController {

    private final SurveyLinkCheck links;
    private final QuestionnaireRepository questionnaires;
    private final SurveySubmissionRepository submissions;
    private final int maxTextLength;

    AnswersController(SurveyLinkCheck links, QuestionnaireRepository questionnaires,
                      SurveySubmissionRepository submissions, SurveyServiceProperties properties) {
        this.links = links;
        this.questionnaires = questionnaires;
        this.submissions = submissions;
        this.maxTextLength = properties.answers().maxTextLength();
    }

    @PostMapping("/api/v1/surveys/{token}/answers")
    Mono<ResponseEntity<SubmissionAccepted>> submit(@PathVariable String token, @RequestBody SubmitAnswers request) {
        return links.open(token)
                .flatMap(claims -> questionnaires.get(claims.surveyId())
                        .map(questionnaire -> validAnswers(questionnaire, request))
                        .flatMap(checked -> submissions.accept(claims, checked.answers())))
                .map(submissionId -> ResponseEntity.accepted().body(new SubmissionAccepted(submissionId)));
    }

    private AnswerValidation.Checked validAnswers(Questionnaire questionnaire, SubmitAnswers request) {
        AnswerValidation.Checked checked = AnswerValidation.check(questionnaire, request, maxTextLength);
        if (!checked.valid()) {
            throw new InvalidAnswersException(checked.errors());
        }
        return checked;
    }
}
