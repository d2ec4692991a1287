package ru.moku.gateway.intake;

import org.w3c.dom.Element;
import reactor.core.publisher.Mono;

/**
 * Verifies the XML signatures SMEV requires on a response (issue 10): {@code SMEVSignature} over {@code Response},
 * {@code SenderInformationSystemSignature} over {@code SenderProvidedResponseData}, {@code PersonalSignature} when
 * present. Implementations run the cryptography on their own bounded scheduler, never on the caller's thread.
 */
@FunctionalInterface
public interface SignatureCheck {

    /** Verification off ({@code moku.gateway.smev.verification.enabled=false}): every message passes. */
    SignatureCheck NONE = responseMessage -> Mono.empty();

    /**
     * @param responseMessage the {@code ResponseMessage} element of a parsed, schema-valid message
     * @return why a required signature is missing or does not verify; empty when every one verifies
     */
    Mono<String> problem(Element responseMessage);
}
