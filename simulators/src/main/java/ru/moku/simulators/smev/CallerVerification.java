package ru.moku.simulators.smev;

import org.w3c.dom.Element;

/**
 * Checks the caller's {@code CallerInformationSystemSignature} on an incoming operation, as SMEV does before it
 * processes anything.
 */
interface CallerVerification {

    /** Checks nothing: today's simulator, which takes unsigned requests. */
    CallerVerification NONE = operation -> {
    };

    /**
     * @param operation the SOAP Body's operation element ({@code GetResponseRequest}, {@code AckRequest},
     *                  {@code SendRequestRequest}), schema-valid
     * @throws SmevFaultException SMEV's {@code SignatureVerificationFault} when the signature is missing, signs the
     *                            wrong element, does not verify or comes from an untrusted certificate
     */
    void verify(Element operation);
}
