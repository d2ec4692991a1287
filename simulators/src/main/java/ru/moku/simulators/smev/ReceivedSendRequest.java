package ru.moku.simulators.smev;

import java.time.Instant;

/**
 * A {@code SendRequestRequest} the simulator accepted ({@code GET /admin/smev/send-requests}); the
 * gateway sends survey links to ЛК ЕПГУ (the state portal's personal account) this way.
 *
 * @param messageId      the sender's {@code SenderProvidedRequestData/MessageID}
 * @param smevMessageId  the {@code MessageMetadata/MessageId} the simulator answered with
 * @param receivedAt     when the simulator accepted it
 * @param primaryContent the element inside {@code MessagePrimaryContent}, serialised with its namespace declarations
 * @param contentType    {@code {namespace}localName} of that element
 * @param notification   the survey notification's fields when the content is one ({@link SurveyNotification}), else null
 */
public record ReceivedSendRequest(String messageId, String smevMessageId, Instant receivedAt, String primaryContent,
                                  String contentType, SurveyNotification notification) {
}
