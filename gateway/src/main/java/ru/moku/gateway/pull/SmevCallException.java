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

        public Fault(String faultCode, String faultString, String detail, int httpStatus) {
            super("SOAP Fault " + faultCode + " (HTTP " + httpStatus + "): " + faultString
                    + (detail == null ? "" : " [" + detail + "]"));
            this.faultCode = faultCode;
        }

        public String faultCode() {
            return faultCode;
        }
    }
}
