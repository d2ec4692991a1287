package ru.moku.survey.answers;

import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.MessageHandler;
import ru.moku.survey.questionnaire.QuestionnaireRepository;

/**
 * Stores accepted answers (seed 000 step 20) and announces the completed survey to card-processor (steps 21–22), in
 * the inbox transaction of the runtime's consumer of {@code lko.survey-submissions}. Idempotent twice over: a
 * redelivered message is dropped by the inbox, and a submission stored already ({@code stored_at} set) is not stored
 * or announced again; each answer row is also unique by submission and question.
 */
@Component
public class SurveySubmissionHandler implements MessageHandler<SurveySubmission> {

    private final SurveySubmissionRepository submissions;
    private final QuestionnaireRepository questionnaires;
    private final Outbox outbox;

    SurveySubmissionHandler(SurveySubmissionRepository submissions, QuestionnaireRepository questionnaires,
                            Outbox outbox) {
        this.submissions = submissions;
        this.questionnaires = questionnaires;
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveySubmission> message) {
        SurveySubmission submission = message.data();
        return submissions.markStored(submission.submissionId())
                .flatMap(marked -> marked
                        ? storeAnswers(submission).then(announce(message))
                        : requireRecorded(submission));
    }

    /** A submission stored before is fine; one that was never accepted is not ours to store (dead letter). */
    private Mono<Void> requireRecorded(SurveySubmission submission) {
        return submissions.recorded(submission.submissionId())
                .flatMap(known -> known ? Mono.<Void>empty()
                        : Mono.error(new Failures.PermanentFailure("submission " + submission.submissionId()
                                + " was never accepted by survey-service")));
    }

    /** Every answer's question must be the survey's (checked before anything is written); then one insert. */
    private Mono<Void> storeAnswers(SurveySubmission submission) {
        return questionnaires.questionTypes(submission.surveyId())
                .flatMap(types -> {
                    for (SurveySubmission.Answer answer : submission.answers()) {
                        if (!types.containsKey(answer.questionId())) {
                            return Mono.error(new Failures.PermanentFailure("survey " + submission.surveyId()
                                    + " has no question " + answer.questionId()));
                        }
                    }
                    return submissions.insertAnswers(submission, types);
                });
    }

    private Mono<Void> announce(Envelope<SurveySubmission> message) {
        SurveySubmission submission = message.data();
        SurveyCompleted completed = new SurveyCompleted(submission.cardId(), submission.submissionId(),
                submission.surveyId(), submission.lkoOrganisationId(), submission.answers().size(), Instant.now());
        return outbox.toRabbit(Destinations.SURVEYS_COMPLETED, message.reply(MessageTypes.SURVEY_COMPLETED,
                SurveySubmissionRepository.SOURCE, submission.cardId().toString(), completed));
    }
}
