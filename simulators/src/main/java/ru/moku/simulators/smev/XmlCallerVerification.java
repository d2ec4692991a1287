package ru.moku.simulators.smev;

import java.util.Optional;
import org.w3c.dom.Element;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;

/**
 * SMEV's check of the caller's {@code CallerInformationSystemSignature} (types 1.3): on {@code GetResponseRequest} it
 * must sign {@code MessageTypeSelector}, on {@code AckRequest} {@code AckTargetMessage}, on {@code SendRequestRequest}
 * {@code SenderProvidedRequestData}, with a trusted certificate. Anything else is SMEV's
 * {@code SignatureVerificationFault} with the code the schema gives for it. Thread-safe; CPU work for the crypto pool.
 */
final class XmlCallerVerification implements CallerVerification {

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;
    private static final String CONTAINER = "CallerInformationSystemSignature";

    private final XmlSignatureVerifier verifier;

    XmlCallerVerification(XmlSignatureVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void verify(Element operation) {
        Element signed = signedElement(operation).orElseThrow(() -> SmevFaultException.signatureVerification(
                operation.getLocalName() + " has no element its CallerInformationSystemSignature could sign",
                "IncorrectSignatureTarget"));
        Element container = Dom.child(operation, TYPES, CONTAINER).orElse(null);
        if (verifier.verify(container, signed) instanceof Verification.Invalid invalid) {
            throw SmevFaultException.signatureVerification("CallerInformationSystemSignature of "
                    + operation.getLocalName() + " refused: " + invalid.reason(), code(invalid.reason()));
        }
    }

    private static Optional<Element> signedElement(Element operation) {
        return switch (operation.getLocalName()) {
            case "GetResponseRequest" -> Dom.child(operation, BASIC, "MessageTypeSelector");
            case "AckRequest" -> Dom.child(operation, BASIC, "AckTargetMessage");
            case "SendRequestRequest" -> Dom.child(operation, TYPES, "SenderProvidedRequestData");
            default -> Optional.empty();
        };
    }

    /** The schema's {@code SignatureVerificationFault} code for a verifier's reason. */
    static String code(String reason) {
        if (reason.startsWith("missing signature")) {
            return "NoSignatureFound";
        }
        if (reason.contains("does not cover") || reason.contains("has no Id") || reason.contains("ambiguous")) {
            return "IncorrectSignatureTarget";
        }
        if (reason.contains("is not valid now")) {
            return "CertificateIsExpired";
        }
        if (reason.contains("untrusted certificate")) {
            return "CertificateIsNotFound";
        }
        return "SignatureIsInvalid";
    }
}
