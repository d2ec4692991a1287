package ru.moku.gateway.operator;

import java.util.List;
import java.util.UUID;

/**
 * What a reprocessing re-drove.
 *
 * @param rawMessageId the raw message
 * @param resplit      whether the raw message (status -2) was split again from its stored body
 * @param republished  the integration instances (card ids) whose cards were published again
 * @param rawStatus    the raw message's status afterwards
 */
public record ReprocessResult(UUID rawMessageId, boolean resplit, List<UUID> republished, StatusView rawStatus) {
}
