package ru.moku.gateway.surveylink;

import java.time.Instant;
import java.util.UUID;

/** What came of sending one survey link through SMEV, after every attempt: a value for the inbox transaction. */
sealed interface SendOutcome permits SendOutcome.Sent, SendOutcome.NotSent {

    /**
     * SMEV accepted the notification.
     *
     * @param messageId our {@code SenderProvidedRequestData/MessageID}
     * @param sentAt    when SMEV took it
     * @param attempts  SendRequests made
     */
    record Sent(UUID messageId, Instant sentAt, int attempts) implements SendOutcome {
    }

    /**
     * SMEV refused it for good ({@code soap:Client}) or stayed unavailable for every attempt.
     *
     * @param reason   the last failure
     * @param attempts SendRequests made
     */
    record NotSent(String reason, int attempts) implements SendOutcome {
    }
}
