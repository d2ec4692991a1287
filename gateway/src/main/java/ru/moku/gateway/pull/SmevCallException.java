package ru.moku.gateway.pull;

/** An SMEV call that did not give the expected answer: a SOAP Fault, an HTTP error, something else. */
public class SmevCallException extends RuntimeException {

    public SmevCallException(String message) {
        super(message);
    }

    public SmevCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /** SMEV answered with a SOAP Fault. */
    public static final class Fault extends SmevCallException {

        private final String faultCode;
        private final String detail;

        public Fault(String faultCode, String faultString, String detail, int httpStatus) {
            super("SOAP Fault " + faultCode + " (HTTP " + httpStatus + "): " + faultString
                    + (detail == null ? "" : " [" + detail + "]"));
            this.faultCode = faultCode;
            this.detail = detail;
        }

        public String faultCode() {
            return faultCode;
        }

        /** Local name of the SMEV fault element in {@code detail} (e.g. {@code MessageIsAlreadySent}), or null. */
        public String detail() {
            return detail;
        }

        /** {@code soap:Client}: SMEV refuses the request itself; sending it again will not help. */
        public boolean isClientFault() {
            return faultCode != null && (faultCode.equals("Client") || faultCode.endsWith(":Client"));
        }
    }
}
