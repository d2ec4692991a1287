package ru.moku.survey.answers;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * What both survey endpoints ask of a survey link's token first: signed by card-processor's key
 * ({@link SurveyTokens.InvalidToken} otherwise), not expired ({@link SurveyTokens.ExpiredToken}), and its card's survey
 * not submitted yet ({@link SurveyAlreadyCompletedException}).
 */
@Component
public class SurveyLinkCheck {

    private final SurveyTokens.Verifier tokens;
    private final SurveySubmissionRepository submissions;

    SurveyLinkCheck(SurveyTokens.Verifier tokens, SurveySubmissionRepository submissions) {
        this.tokens = tokens;
        this.submissions = submissions;
    }

    /** The claims of {@code token} if its survey is open for answers; fails as the class says otherwise. */
    public Mono<SurveyClaims> open(String token) {
        return Mono.fromCallable(() -> tokens.verify(token))
                .flatMap(this::requireOpen);
    }

    private Mono<SurveyClaims> requireOpen(SurveyClaims claims) {
        return submissions.completed(claims.cardId())
                .flatMap(completed -> completed
                        ? Mono.error(new SurveyAlreadyCompletedException(claims.cardId()))
                        : Mono.just(claims));
    }
}
