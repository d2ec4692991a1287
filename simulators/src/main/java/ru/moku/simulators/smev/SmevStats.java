package ru.moku.simulators.smev;

/**
 * Counters of the simulated SMEV queue ({@code GET /admin/smev/stats}).
 *
 * @param queued               message copies deliverable now (never delivered, or their redelivery timeout has passed)
 * @param inFlight             copies delivered and neither acknowledged nor past their redelivery timeout
 * @param delivered            deliveries so far, redeliveries and duplicates included
 * @param redelivered          deliveries of a MessageId that had been delivered before (timeout or injected duplicate)
 * @param acked                acknowledgements that removed a message
 * @param sendRequestsReceived {@code SendRequestRequest}s recorded
 * @param duplicatesInjected   copies queued by {@code duplicateDeliveryRate}
 * @param acksDropped          acknowledgements ignored by {@code dropAckRate}
 */
public record SmevStats(int queued, int inFlight, long delivered, long redelivered, long acked,
                        long sendRequestsReceived, long duplicatesInjected, long acksDropped) {
}
