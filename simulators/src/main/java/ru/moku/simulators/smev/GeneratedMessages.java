package ru.moku.simulators.smev;

import java.util.List;

/**
 * The answer to {@code POST /admin/smev/messages/generate}.
 *
 * @param messageIds      the MessageIds of the queued messages, in delivery order
 * @param cards           cards in all of them
 * @param invalidInnCards cards whose organisation ИНН has a wrong check digit
 * @param seed            the seed used: pass it again to get the same cards
 */
public record GeneratedMessages(List<String> messageIds, int cards, int invalidInnCards, long seed) {
}
