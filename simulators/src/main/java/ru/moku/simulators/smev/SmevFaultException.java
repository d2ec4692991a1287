package ru.moku.simulators.smev;

/**
 * A request SMEV refuses: becomes a SOAP Fault with HTTP 500. Carries no stack trace (it is an
 * answer, not a bug).
 */
final class SmevFaultException extends RuntimeException {

    private final String faultCode;
    private final String smevFault;

    private SmevFaultException(String faultCode, String faultString, String smevFault) {
        super(faultString, null, false, false);
        this.faultCode = faultCode;
        this.smevFault = smevFault;
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
        return SmevSoap.fault(faultCode, getMessage(), smevFault);
    }
}
