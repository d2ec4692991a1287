package ru.moku.cardprocessor.survey;

import java.time.Instant;
import java.util.UUID;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * Makes the survey link of a card created in ЛКО (seed 000 steps 12–13): a token signed with card-processor's private
 * key naming the card, the МОКУ and ЛКО organisation ids and the survey, appended to the ЛКП front-end's address;
 * stores it and, in the caller's transaction, asks the gateway to send it through SMEV (step 14). One link per card:
 * a second call for the same card sends nothing new.
 */
@Component
public class SurveyLinkIssuer implements DisposableBean {

    private final CardSurveyRepository repository;
    private final Outbox outbox;
    private final CardProcessorProperties.Survey properties;
    private final SurveyTokens.Signer signer;
    /**
     * Where tokens are signed: a bounded pool of {@code survey.signing-threads} (one per core by default), each
     * thread with its cached signature (SurveyTokens.Signer). ECDSA draws a random number per signature, which may
     * read /dev/urandom: never on the event loop.
     */
    private final Scheduler signing;

    SurveyLinkIssuer(CardSurveyRepository repository, Outbox outbox, CardProcessorProperties properties) {
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties.survey();
        // BouncyCastle's ECDSA: about a fifth of the JDK 17's CPU per token (issue 12), the same ES256 tokens.
        this.signer = SurveyTokens.signer(this.properties.tokenPrivateKey(), new BouncyCastleProvider());
        this.signing = Schedulers.newBoundedElastic(this.properties.signingThreadsOrCores(),
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "survey-token-signer");
    }

    @Override
    public void destroy() {
        signing.dispose();
    }

    /** Issues the card's link; needs a transaction. */
    public Mono<Void> issue(UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId, Envelope<?> cause) {
        SurveyClaims claims = SurveyTokens.claims(cardId, mokuOrganisationId, lkoOrganisationId,
                properties.surveyId(), Instant.now(), properties.tokenTtl());
        return Mono.fromCallable(() -> signer.sign(claims))
                .subscribeOn(signing)
                .map(token -> properties.linkBaseUrl() + token)
                .flatMap(link -> repository.storeLink(claims, link))
                .flatMap(issued -> requestSending(issued, cause));
    }

    private Mono<Void> requestSending(SurveyLinkIssued issued, Envelope<?> cause) {
        return outbox.toRabbit(Destinations.SURVEY_LINKS, cause.reply(MessageTypes.SURVEY_LINK_ISSUED,
                CardStages.SOURCE, issued.cardId().toString(), issued));
    }
}
