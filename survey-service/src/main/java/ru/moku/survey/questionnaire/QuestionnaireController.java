package ru.moku.survey.questionnaire;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.survey.answers.SurveyLinkCheck;

/**
 * {@code GET /api/v1/surveys/{token}} (seed 000 steps 16–18): the questionnaire ЛКП shows for a survey link, as long
 * as the link is genuine, unexpired and its survey not answered yet. Errors are problem documents
 * ({@code web.SurveyServiceProblems}).
 */
@RestController
class QuestionnaireController {

    private final SurveyLinkCheck links;
    private final QuestionnaireRepository questionnaires;

    QuestionnaireController(SurveyLinkCheck links, QuestionnaireRepository questionnaires) {
        this.links = links;
        this.questionnaires = questionnaires;
    }

    @GetMapping("/api/v1/surveys/{token}")
    Mono<Questionnaire> questionnaire(@PathVariable String token) {
        return links.open(token)
                .flatMap(claims -> questionnaires.get(claims.surveyId()));
    }
}
