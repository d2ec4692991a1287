package ru.moku.gateway.pull;

import reactor.core.publisher.Mono;

/**
 * The seam for SMEV's GOST XML signature ({@code CallerInformationSystemSignature}). Real SMEV
 * requires the caller to sign {@code MessageTypeSelector} (GetResponse) and {@code AckTargetMessage}
 * (Ack) with a certified crypto provider; that provider — or the SMEV adapter in front of it — is
 * outside this platform, so the default signer sends requests unsigned. Provide a bean of this type
 * to sign.
 */
@FunctionalInterface
public interface SmevSigner {

    /** Sends requests as they are (for SMEV simulators and adapters that sign themselves). */
    SmevSigner UNSIGNED = (envelope, signedElementId) -> Mono.just(envelope);

    /**
     * The SOAP envelope with {@code CallerInformationSystemSignature} added to the operation element,
     * signing the element whose {@code Id} attribute is {@code signedElementId}.
     */
    Mono<String> sign(String soapEnvelope, String signedElementId);
}
