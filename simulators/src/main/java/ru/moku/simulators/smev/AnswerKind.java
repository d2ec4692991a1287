package ru.moku.simulators.smev;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SMEV's answers without service data (types 1.3, {@code SenderProvidedResponseData}'s choice), with the codes the
 * schema allows: what a provider or SMEV itself sends instead of a business document.
 */
public enum AnswerKind {

    /** {@code RequestRejected}: the provider refused the request; code = {@code RejectCode}. */
    REQUEST_REJECTED(List.of("ACCESS_DENIED", "NO_DATA", "UNKNOWN_REQUEST_DESCRIPTION", "FAILURE")),
    /** {@code RequestStatus}: a business status (e.g. the data was rejected, "BusinessDataRejected"); code = an integer. */
    REQUEST_STATUS(List.of("3", "4", "101")),
    /** {@code AsyncProcessingStatus}: what became of a request on SMEV's side; code = {@code InteractionStatusType}. */
    ASYNC_PROCESSING_STATUS(List.of("doesNotExist", "requestIsQueued", "requestIsAcceptedBySmev",
            "requestIsRejectedBySmev", "requestIsProcessed", "underProcessing", "responseIsQueued",
            "responseIsAcceptedBySmev", "responseIsRejectedBySmev", "responseIsProcessed", "cancelled",
            "messageIsArchived", "messageIsDelivered"));

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,9}");

    private final List<String> typicalCodes;

    AnswerKind(List<String> typicalCodes) {
        this.typicalCodes = typicalCodes;
    }

    /** Codes to draw generated answers from (for {@link #REQUEST_STATUS} any integer is allowed). */
    List<String> typicalCodes() {
        return typicalCodes;
    }

    /** Whether the schema accepts {@code code} for this kind. */
    boolean allows(String code) {
        return this == REQUEST_STATUS ? INTEGER.matcher(code).matches() : typicalCodes.contains(code);
    }
}
