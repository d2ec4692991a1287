package ru.moku.survey.survey;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.survey.SurveyProperties;

/**
 * The survey API ЛКП reaches through the gateway (seed 000 steps 16–20): the questionnaire for a survey link's
 * token, and the submission of its answers — checked against the questionnaire, accepted with {@code 202} at once and
 * stored asynchronously by {@link SubmissionConsumer}. Every error is a problem document; the token is never echoed
 * in one (its {@code instance} is {@value #INSTANCE}).
 */
@RestController
class SurveyController {

    private static final Logger log = LoggerFactory.getLogger(SurveyController.class);

    private static final String INSTANCE = "/api/v1/surveys";
    private static final String PROBLEMS = "https://moku-platform/problems/";

    private final SurveyTokens.Verifier tokens;
    private final Questionnaires questionnaires;
    private final SurveySubmissions submissions;
    private final int maxTextLength;

    SurveyController(SurveyTokens.Verifier tokens, Questionnaires questionnaires, SurveySubmissions submissions,
                     SurveyProperties properties) {
        this.tokens = tokens;
        this.questionnaires = questionnaires;
        this.submissions = submissions;
        this.maxTextLength = properties.answers().maxTextLength();
    }

    @GetMapping("/api/v1/surveys/{token}")
    Mono<Questionnaire> questionnaire(@PathVariable String token) {
        return verify(token)
                .flatMap(this::requireOpen)
                .flatMap(this::questionnaireOf);
    }

    @PostMapping("/api/v1/surveys/{token}/answers")
    Mono<ResponseEntity<SubmissionAccepted>> submit(@PathVariable String token, @RequestBody SubmitAnswers request) {
        return verify(token)
                .flatMap(this::requireOpen)
                .flatMap(claims -> questionnaireOf(claims)
                        .map(questionnaire -> validAnswers(questionnaire, request))
                        .flatMap(checked -> submissions.accept(claims, checked.answers())))
                .map(submissionId -> ResponseEntity.accepted().body(new SubmissionAccepted(submissionId)));
    }

    private Mono<SurveyClaims> verify(String token) {
        return Mono.fromCallable(() -> tokens.verify(token));
    }

    private Mono<SurveyClaims> requireOpen(SurveyClaims claims) {
        return submissions.completed(claims.cardId())
                .flatMap(completed -> completed
                        ? Mono.error(new SurveyAlreadyCompletedException(claims.cardId()))
                        : Mono.just(claims));
    }

    private Mono<Questionnaire> questionnaireOf(SurveyClaims claims) {
        return questionnaires.find(claims.surveyId())
                .switchIfEmpty(Mono.error(() -> new UnknownSurveyException(claims.surveyId())));
    }

    private AnswerValidation.Checked validAnswers(Questionnaire questionnaire, SubmitAnswers request) {
        AnswerValidation.Checked checked = AnswerValidation.check(questionnaire, request, maxTextLength);
        if (!checked.valid()) {
            throw new InvalidAnswersException(checked.errors());
        }
        return checked;
    }

    @ExceptionHandler(SurveyTokens.InvalidToken.class)
    ResponseEntity<ProblemDetail> invalidToken(SurveyTokens.InvalidToken error) {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-survey-token", "Invalid survey link",
                "The survey link is not valid.");
    }

    @ExceptionHandler(SurveyTokens.ExpiredToken.class)
    ResponseEntity<ProblemDetail> expiredToken(SurveyTokens.ExpiredToken error) {
        return problem(HttpStatus.GONE, "survey-link-expired", "Survey link expired", error.getMessage());
    }

    @ExceptionHandler(SurveyAlreadyCompletedException.class)
    ResponseEntity<ProblemDetail> completed(SurveyAlreadyCompletedException error) {
        return problem(HttpStatus.CONFLICT, "survey-already-completed", "Survey already completed",
                "The survey of this link has been answered already.");
    }

    @ExceptionHandler(UnknownSurveyException.class)
    ResponseEntity<ProblemDetail> unknownSurvey(UnknownSurveyException error) {
        return problem(HttpStatus.NOT_FOUND, "unknown-survey", "Unknown survey", error.getMessage());
    }

    @ExceptionHandler(InvalidAnswersException.class)
    ResponseEntity<ProblemDetail> invalidAnswers(InvalidAnswersException error) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-answers",
                "Invalid answers", error.getMessage());
        List<AnswerError> errors = error.errors();
        response.getBody().setProperty("errors", errors);
        return response;
    }

    /**
     * Spring's own errors (unreadable JSON: 400, wrong media type: 415 …) keep their status and text; anything
     * unexpected is a 500 (503 when transient) that says nothing about internals — the cause is logged.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> other(Exception error) {
        if (error instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            ProblemDetail body = response.getBody();
            return problem(status, status.value() == 400 ? "unreadable-request" : "request-rejected", body.getTitle(),
                    body.getDetail());
        }
        if (Failures.isTransient(error)) {
            log.warn("A survey request failed transiently: {}", error.toString());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                    "ЛКО is temporarily unavailable; retry later.");
        }
        log.error("A survey request failed", error);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "ЛКО could not process the request.");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String type, String title,
                                                         String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(INSTANCE));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
