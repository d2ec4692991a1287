package ru.moku.simulators.smev;

import java.time.OffsetDateTime;

/** The SMEV 3 operations the simulator implements, as parsed from a SOAP request. */
sealed interface SmevRequest permits SmevRequest.GetResponse, SmevRequest.Ack, SmevRequest.SendRequest {

    /**
     * {@code GetResponseRequest}: deliver the next response, if any.
     *
     * @param timestamp {@code MessageTypeSelector/Timestamp}, the caller's clock
     */
    record GetResponse(OffsetDateTime timestamp) implements SmevRequest {
    }

    /**
     * {@code AckRequest}.
     *
     * @param messageId the acknowledged {@code MessageMetadata/MessageId}
     * @param accepted  {@code AckTargetMessage/@accepted}; absent means true
     */
    record Ack(String messageId, boolean accepted) implements SmevRequest {
    }

    /**
     * {@code SendRequestRequest}.
     *
     * @param messageId      {@code SenderProvidedRequestData/MessageID}
     * @param primaryContent the element inside {@code MessagePrimaryContent}, serialised
     * @param contentType    {@code {namespace}localName} of that element
     * @param notification   its fields when it is a survey notification, else null
     */
    record SendRequest(String messageId, String primaryContent, String contentType, SurveyNotification notification)
            implements SmevRequest {
    }
}
