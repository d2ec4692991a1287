package ru.moku.cardprocessor.card;

import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.intake.ServiceCard;

/** The operators' card API over HTTP on a random port, against the real PostgreSQL, RabbitMQ and Kafka. */
class CardApiIntegrationTests {

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @Test
    void aStoredCardIsShownWithItsStageAndParties() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());

        cardProcessor.webClient().get().uri("/api/v1/cards/{id}", card.cardId()).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.id").isEqualTo(card.cardId().toString())
                .jsonPath("$.stage").isEqualTo("RECEIVED")
                .jsonPath("$.applicationNumber").isEqualTo(card.applicationNumber())
                .jsonPath("$.organisation.inn").isEqualTo(card.organisation().inn())
                .jsonPath("$.organisation.oktmoStatus").doesNotExist()
                .jsonPath("$.founder.name").isEqualTo("Иванов Иван")
                .jsonPath("$.founder.kind").isEqualTo("PERSON");
    }

    @Test
    void aMalformedCardIdIsABadRequestProblem() {
        cardProcessor.webClient().get().uri("/api/v1/cards/not-a-card").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.title").isEqualTo("Invalid card id")
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-card-id")
                .jsonPath("$.detail").isEqualTo("'not-a-card' is not a card id (a UUID).")
                .jsonPath("$.instance").isEqualTo("/api/v1/cards/not-a-card")
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void aShortenedUuidIsNotACardIdEither() {
        cardProcessor.webClient().get().uri("/api/v1/cards/1-1-1-1-1").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anUnknownCardIsANotFoundProblem() {
        UUID unknown = UUID.randomUUID();

        cardProcessor.webClient().get().uri("/api/v1/cards/{id}", unknown).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Card not found")
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/card-not-found")
                .jsonPath("$.detail").isEqualTo("There is no card " + unknown + ".")
                .jsonPath("$.instance").isEqualTo("/api/v1/cards/" + unknown);
    }

    @Test
    void theStageCountsIncludeAStoredCard() {
        cardProcessor.store(cardProcessor.validCard());

        cardProcessor.webClient().get().uri("/api/v1/cards/stages").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.RECEIVED").value(count -> org.assertj.core.api.Assertions.assertThat(
                        ((Number) count).longValue()).isPositive());
    }
}
