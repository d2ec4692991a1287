package ru.moku.cardprocessor.survey;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * Makes the survey link of a card created in ЛКО (seed 000 steps 12–13): a token signed with card-processor's private
 * key naming the card, the МОКУ and ЛКО organisation ids and the survey, appended to the ЛКП front-end's address;
 * stores it and, in the caller's transaction, asks the gateway to send it through SMEV (step 14). One link per card:
 * a second call for the same card sends nothing new.
 */
@Component
public class SurveyLinkIssuer {

    private final CardSurveyRepository repository;
    private final Outbox outbox;
    private final CardProcessorProperties.Survey properties;
    private final SurveyTokens.Signer signer;

    SurveyLinkIssuer(CardSurveyRepository repository, Outbox outbox, CardProcessorProperties properties) {
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties.survey();
        this.signer = SurveyTokens.signer(this.properties.tokenPrivateKey());
    }

    /** Issues the card's link; needs a transaction. */
    public Mono<Void> issue(UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId, Envelope<?> cause) {
        SurveyClaims claims = SurveyTokens.claims(cardId, mokuOrganisationId, lkoOrganisationId,
                properties.surveyId(), Instant.now(), properties.tokenTtl());
        // ECDSA draws a random number per signature from SecureRandom, which may read /dev/urandom: off the event loop.
        return Mono.fromCallable(() -> signer.sign(claims))
                .subscribeOn(Schedulers.boundedElastic())
                .map(token -> properties.linkBaseUrl() + token)
                .flatMap(link -> repository.storeLink(claims, link)
                        .flatMap(stored -> stored ? requestSending(claims, link, cause) : Mono.empty()));
    }

    private Mono<Void> requestSending(SurveyClaims claims, String link, Envelope<?> cause) {
        return repository.linkToSend(claims, link)
                .flatMap(issued -> outbox.toRabbit(Destinations.SURVEY_LINKS, cause.reply(
                        MessageTypes.SURVEY_LINK_ISSUED, CardStages.SOURCE, claims.cardId().toString(), issued)));
    }
}
