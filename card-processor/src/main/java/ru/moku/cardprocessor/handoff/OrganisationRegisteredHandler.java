package ru.moku.cardprocessor.handoff;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.cardprocessor.survey.SurveyLinkIssuer;
import ru.moku.model.intake.CardStage;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Records that a card's organisation is in ЛКО (seed 000 step 11, announced by org-registry): ЛКО's id goes next to
 * МОКУ's on the organisation — the pair linking the two contours — and the card becomes CREATED_IN_LKO; its survey
 * link is issued at once. An
 * announcement for a card or organisation this service does not know is refused for good (incident, dead letter).
 */
@Component
public class OrganisationRegisteredHandler implements MessageHandler<OrganisationRegistered> {

    private final OrganisationHandoffRepository repository;
    private final CardStages stages;
    private final SurveyLinkIssuer surveyLinks;

    OrganisationRegisteredHandler(OrganisationHandoffRepository repository, CardStages stages,
                                  SurveyLinkIssuer surveyLinks) {
        this.repository = repository;
        this.stages = stages;
        this.surveyLinks = surveyLinks;
    }

    /** Steps 12–14 follow in the same transaction: the applicant's survey link. */
    private Mono<Void> issueSurveyLink(Envelope<OrganisationRegistered> message) {
        OrganisationRegistered registered = message.data();
        return surveyLinks.issue(registered.cardId(), registered.mokuOrganisationId(),
                registered.lkoOrganisationId(), message);
    }

    @Override
    public Mono<Void> handle(Envelope<OrganisationRegistered> message) {
        OrganisationRegistered registered = message.data();
        if (registered.cardId() == null || registered.mokuOrganisationId() == null
                || registered.lkoOrganisationId() == null) {
            return Mono.error(new Failures.PermanentFailure("incomplete announcement " + message.id()));
        }
        return repository.storeLkoId(registered.cardId(), registered.mokuOrganisationId(),
                        registered.lkoOrganisationId())
                .flatMap(stored -> stored
                        ? stages.advance(registered.cardId(), CardStage.CREATED_IN_LKO,
                                        "ЛКО organisation " + registered.lkoOrganisationId(), message)
                                .flatMap(moved -> moved ? issueSurveyLink(message) : Mono.empty())
                        : Mono.error(new Failures.PermanentFailure("card " + registered.cardId()
                                + " has no organisation " + registered.mokuOrganisationId())));
    }
}
