package ru.moku.gateway.intake;

import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;

/**
 * {@link SignatureCheck} with smev-crypto's {@link XmlSignatureVerifier} (Santuario, GOST R 34.10/34.11-2012), in the
 * order SMEV applies the signatures (SMEV 3 1.3 schema annotations):
 * <ol>
 *   <li>{@code ResponseMessage/SMEVSignature} must sign {@code Response} (SMEV's own, over everything it
 *       delivers);</li>
 *   <li>{@code Response/SenderInformationSystemSignature} must sign {@code SenderProvidedResponseData} (the
 *       provider's information system);</li>
 *   <li>{@code SenderProvidedResponseData/PersonalSignature}, when present, must sign the element right under
 *       {@code MessagePrimaryContent}.</li>
 * </ol>
 * A missing required signature is a problem like a broken one. Runs on the bounded crypto scheduler it is given.
 */
public final class XmlSignatureCheck implements SignatureCheck {

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;

    private final XmlSignatureVerifier verifier;
    private final Scheduler cryptoWorkers;

    public XmlSignatureCheck(XmlSignatureVerifier verifier, Scheduler cryptoWorkers) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.cryptoWorkers = Objects.requireNonNull(cryptoWorkers, "cryptoWorkers");
    }

    @Override
    public Mono<String> problem(Element responseMessage) {
        return Mono.fromCallable(() -> problemNow(responseMessage).orElse(null)).subscribeOn(cryptoWorkers);
    }

    /** The first signature that does not verify ("SMEVSignature: digest mismatch: …"), or empty. On a crypto thread. */
    Optional<String> problemNow(Element responseMessage) {
        Element response = Dom.child(responseMessage, TYPES, "Response").orElse(null);
        if (response == null) {
            return Optional.of("no Response to verify");
        }
        Optional<String> smev = problem("SMEVSignature",
                Dom.child(responseMessage, TYPES, "SMEVSignature").orElse(null), response);
        if (smev.isPresent()) {
            return smev;
        }
        Element data = Dom.child(response, TYPES, "SenderProvidedResponseData").orElse(null);
        if (data == null) {
            return Optional.of("no SenderProvidedResponseData to verify");
        }
        Optional<String> sender = problem("SenderInformationSystemSignature",
                Dom.child(response, TYPES, "SenderInformationSystemSignature").orElse(null), data);
        if (sender.isPresent()) {
            return sender;
        }
        Optional<Element> personal = Dom.child(data, TYPES, "PersonalSignature");
        if (personal.isEmpty()) {
            return Optional.empty();
        }
        Optional<Element> content = Dom.child(data, BASIC, "MessagePrimaryContent").flatMap(Dom::firstChildElement);
        if (content.isEmpty()) {
            return Optional.of("PersonalSignature: no content under MessagePrimaryContent to verify it against");
        }
        return problem("PersonalSignature", personal.get(), content.get());
    }

    private Optional<String> problem(String container, Element signature, Element expectedSigned) {
        Verification verification = verifier.verify(signature, expectedSigned);
        return verification instanceof Verification.Invalid invalid
                ? Optional.of(container + ": " + invalid.reason())
                : Optional.empty();
    }
}
