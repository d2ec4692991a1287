package ru.moku.simulators.smev;

/**
 * The body of {@code POST /admin/smev/answers}: an answer without service data to queue.
 *
 * @param kind              {@code REQUEST_REJECTED}, {@code REQUEST_STATUS} or {@code ASYNC_PROCESSING_STATUS}
 * @param originalMessageId the MessageID of the request it answers (a lower-case UUID)
 * @param code              {@code RejectionReasonCode} ({@code ACCESS_DENIED}, {@code NO_DATA},
 *                          {@code UNKNOWN_REQUEST_DESCRIPTION}, {@code FAILURE}), {@code StatusCode} (an integer) or
 *                          {@code StatusCategory} (e.g. {@code messageIsDelivered}, {@code requestIsRejectedBySmev})
 * @param description       the human-readable reason, status or details; absent = a generated sentence
 */
public record InjectedAnswer(AnswerKind kind, String originalMessageId, String code, String description) {
}
