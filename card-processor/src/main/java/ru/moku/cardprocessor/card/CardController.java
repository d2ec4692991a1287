package ru.moku.cardprocessor.card;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.runtime.web.ProblemAdvice;

/**
 * Operator view of cards: one card with its organisation and founder, and counts per stage. A malformed card id is
 * answered {@code 400}, an unknown one {@code 404}, both as {@code application/problem+json} whose {@code instance} is
 * the request path.
 */
@RestController
@RequestMapping("/api/v1/cards")
class CardController {

    /** RFC 9457 problem types, as every service of the platform names them. */
    private static final int CANONICAL_UUID_LENGTH = 36;

    private final CardViewRepository cards;

    CardController(CardViewRepository cards) {
        this.cards = cards;
    }

    @GetMapping("/{id}")
    Mono<CardView> card(@PathVariable String id, ServerHttpRequest request) {
        UUID cardId = cardId(id);
        if (cardId == null) {
            return Mono.error(problem(HttpStatus.BAD_REQUEST, "invalid-card-id", "Invalid card id",
                    "'" + id + "' is not a card id (a UUID).", request));
        }
        return cards.find(cardId)
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.NOT_FOUND, "card-not-found", "Card not found",
                        "There is no card " + cardId + ".", request)));
    }

    /** Number of cards in each stage. */
    @GetMapping("/stages")
    Mono<Map<String, Long>> stages() {
        return cards.countByStage();
    }

    /** The card id in the path, or {@code null}: a card id is a UUID written out in full. */
    private static UUID cardId(String id) {
        // UUID.fromString also takes shortened groups ("1-1-1-1-1").
        if (id.length() != CANONICAL_UUID_LENGTH) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            return null;
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail,
                                                  ServerHttpRequest request) {
        return ProblemAdvice.exception(request, status, type, title, detail);
    }
}
