package ru.moku.gateway.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The answer to a push that was stored: 202 for a new message, 200 for a duplicate.
 *
 * @param rawMessageId  the stored raw message (the earlier one for a duplicate)
 * @param smevMessageId SMEV's message id
 * @param status        {@code ACCEPTED} or {@code DUPLICATE}
 * @param rawStatus     for a new message: {@code SPLIT} (cards published) or {@code SPLIT_FAILED}
 *                      (kept for an operator)
 * @param instances     for a new message: the number of service cards published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushReceipt(UUID rawMessageId, String smevMessageId, String status, String rawStatus,
                          Integer instances) {
}
