package ru.moku.simulators.smev;

/**
 * The answer to {@code POST /admin/smev/messages}.
 *
 * @param messageId     the MessageId to acknowledge: fresh for a {@code ServiceData} document, the file's own for a
 *                      {@code GetResponseResponse}
 * @param kind          {@code PRIMARY_CONTENT} (wrapped in a fresh response on delivery) or {@code COMPLETE_RESPONSE}
 *                      (delivered as is)
 * @param schemaValid   whether the loaded element validates against the SMEV 1.3 + service-data schemas; an invalid one
 *                      is queued all the same, to test how a receiver copes with it
 * @param schemaProblem the first validation error, or null
 */
public record LoadedMessage(String messageId, String kind, boolean schemaValid, String schemaProblem) {
}
