package ru.moku.gateway.answers;

/**
 * The SMEV answers that carry no service data: they are stored and acknowledged, and never become a
 * service card.
 */
public enum AnswerKind {
    /** {@code SenderProvidedResponseData/RequestRejected}: the provider refused the request (code and reason). */
    REQUEST_REJECTED,
    /**
     * {@code SenderProvidedResponseData/RequestStatus}: a business status of the request, e.g. the business data
     * was rejected ("BusinessDataRejected") — a status code and a description.
     */
    REQUEST_STATUS,
    /** {@code AsyncProcessingStatus}: SMEV's own processing status of a message we sent (delivered, rejected, …). */
    ASYNC_PROCESSING_STATUS
}
