package ru.moku.simulators.smev;

/**
 * A request SMEV refuses: becomes a SOAP Fault with HTTP 500. Carries no stack trace (it is an
 * answer, not a bug).
 */
final class SmevFaultException extends RuntimeException {

    private final String faultCode;
    private final String smevFault;
    private final String verificationFault;

    private SmevFaultException(String faultCode, String faultString, String smevFault, String verificationFault) {
        super(faultString, null, false, false);
        this.faultCode = faultCode;
        this.smevFault = smevFault;
        this.verificationFault = verificationFault;
    }

    private SmevFaultException(String faultCode, String faultString, String smevFault) {
        this(faultCode, faultString, smevFault, null);
    }

    /**
     * SMEV's {@code SignatureVerificationFault} ({@code soap:Client}): the caller's signature is missing or wrong.
     *
     * @param code one of the schema's codes: {@code NoSignatureFound}, {@code IncorrectSignatureTarget},
     *             {@code SignatureIsInvalid}, {@code CertificateIsNotFound}
     */
    static SmevFaultException signatureVerification(String faultString, String code) {
        return new SmevFaultException(SmevSoap.CLIENT, faultString, "SignatureVerificationFault", code);
    }

    /** The {@code SignatureVerificationFault} code, or null for other faults. */
    String verificationFault() {
        return verificationFault;
    }

    /** The caller's fault ({@code soap:Client}) without SMEV detail. */
    static SmevFaultException client(String faultString) {
        return new SmevFaultException(SmevSoap.CLIENT, faultString, null);
    }

    /** The caller's fault ({@code soap:Client}) with an SMEV fault element (a {@code basic:Void} one) in the detail. */
    static SmevFaultException client(String faultString, String smevFault) {
        return new SmevFaultException(SmevSoap.CLIENT, faultString, smevFault);
    }

    /** SMEV's own failure ({@code soap:Server}, {@code SMEVFailure}): the caller should retry. */
    static SmevFaultException smevFailure(String faultString) {
        return new SmevFaultException(SmevSoap.SERVER, faultString, "SMEVFailure");
    }

    String toEnvelope() {
        return SmevSoap.fault(faultCode, getMessage(), smevFault, verificationFault);
    }
}
