package ru.moku.runtime.testapp;

import java.time.LocalDate;
import java.util.UUID;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;

/** Messages for tests: each call makes a new card with valid identifiers. */
public final class TestMessages {

    private TestMessages() {
    }

    /** A service card as the gateway sends it, subject = card id. */
    public static Envelope<ServiceCard> serviceCard() {
        UUID cardId = UUID.randomUUID();
        ServiceCard card = new ServiceCard(cardId, UUID.randomUUID(), UUID.randomUUID().toString(), 0,
                "10000012345", "APP-" + cardId.toString().substring(0, 8), LocalDate.of(2026, 11, 2),
                new ServiceCard.Organisation("ООО Вектор", "7707083893", "1027700132195", "773601001", "г. Москва"),
                ServiceCard.Founder.person("Иванов", "Иван", "Иванович", "500100732259", null));
        return Envelope.create(MessageTypes.SERVICE_CARD, "moku/gateway", cardId, null, cardId.toString(), card);
    }

    /** An accepted card's outcome as card-processor answers it. */
    public static Envelope<CardOutcome> cardOutcome() {
        UUID cardId = UUID.randomUUID();
        return Envelope.create(MessageTypes.CARD_OUTCOME, "moku/runtime-test", cardId, UUID.randomUUID(),
                cardId.toString(), new CardOutcome(cardId, UUID.randomUUID(), CardOutcome.Result.ACCEPTED, null));
    }
}
