package ru.moku.cardprocessor.survey;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.intake.CardStage;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Records that the applicant completed the survey (seed 000 steps 21–22): a row in {@code poll_answer_registers}
 * linking the survey to the card, once per submission, and the card becomes SURVEY_COMPLETED (also straight from
 * CREATED_IN_LKO: SMEV's acceptance of the link may be announced after the answers).
 */
@Component
public class SurveyCompletedHandler implements MessageHandler<SurveyCompleted> {

    private final CardSurveyRepository repository;
    private final CardStages stages;

    SurveyCompletedHandler(CardSurveyRepository repository, CardStages stages) {
        this.repository = repository;
        this.stages = stages;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyCompleted> message) {
        SurveyCompleted completed = message.data();
        if (completed.cardId() == null || completed.submissionId() == null) {
            return Mono.error(new Failures.PermanentFailure("incomplete survey completion " + message.id()));
        }
        return repository.registerCompletion(completed)
                .flatMap(known -> known ? Mono.<Void>empty()
                        : Mono.error(new Failures.PermanentFailure("no card " + completed.cardId())))
                .then(stages.advance(completed.cardId(), CardStage.SURVEY_COMPLETED,
                        "submission " + completed.submissionId(), message))
                .then();
    }
}
