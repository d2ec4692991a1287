package ru.moku.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.json.EnvelopeCodec.PoisonMessageException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EnvelopeCodecUnitTests {

    // Configured as Spring Boot configures the application's mapper.
    private final EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    @Test
    void aServiceCardEnvelopeSurvivesTheRoundTrip() {
        Envelope<ServiceCard> envelope = serviceCardEnvelope();

        Envelope<ServiceCard> decoded = codec.decode(codec.encode(envelope), ServiceCard.class);

        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.data()).isInstanceOf(ServiceCard.class);
    }

    @Test
    void theTextEncodingIsTheSameJsonAsTheBinaryOne() {
        Envelope<ServiceCard> envelope = serviceCardEnvelope();

        assertThat(codec.encodeToString(envelope))
                .isEqualTo(new String(codec.encode(envelope), StandardCharsets.UTF_8));
    }

    @Test
    void garbageIsPoison() {
        assertThatThrownBy(() -> decode("{ this is not json"))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("not a ServiceCard envelope");
    }

    @Test
    void anEmptyBodyIsPoison() {
        assertThatThrownBy(() -> decode("")).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void jsonThatIsNotAnObjectIsPoison() {
        assertThatThrownBy(() -> decode("[1, 2, 3]")).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void aJsonNullIsPoison() {
        assertThatThrownBy(() -> decode("null"))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("no data");
    }

    @Test
    void anEnvelopeWhoseDataHasTheWrongShapeIsPoison() {
        String json = serviceCardEnvelopeJson(envelope -> envelope.put("data", "not a card"));

        assertThatThrownBy(() -> decode(json)).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void anEnvelopeOfAnotherMessageTypeIsPoison() {
        UUID cardId = UUID.randomUUID();
        Envelope<CardOutcome> outcome = Envelope.create(MessageTypes.CARD_OUTCOME, "moku/card-processor", cardId,
                null, cardId.toString(), new CardOutcome(cardId, UUID.randomUUID(), CardOutcome.Result.ACCEPTED, null));

        assertThatThrownBy(() -> codec.decode(codec.encode(outcome), ServiceCard.class))
                .isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void anEnvelopeWithoutDataIsPoison() {
        String json = serviceCardEnvelopeJson(envelope -> envelope.remove("data"));

        assertThatThrownBy(() -> decode(json)).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void anEnvelopeWithNullDataIsPoison() {
        String json = serviceCardEnvelopeJson(envelope -> envelope.putNull("data"));

        assertThatThrownBy(() -> decode(json)).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void anEnvelopeWithoutItsIdIsPoison() {
        String json = serviceCardEnvelopeJson(envelope -> envelope.remove("id"));

        assertThatThrownBy(() -> decode(json)).isInstanceOf(PoisonMessageException.class);
    }

    @Test
    void aServiceCardWithoutItsOrganisationIsPoison() {
        String json = serviceCardEnvelopeJson(envelope -> ((ObjectNode) envelope.get("data")).remove("organisation"));

        assertThatThrownBy(() -> decode(json)).isInstanceOf(PoisonMessageException.class);
    }

    /** A valid service card envelope as JSON, changed by {@code change}. */
    private String serviceCardEnvelopeJson(Consumer<ObjectNode> change) {
        ObjectNode envelope = (ObjectNode) codec.mapper().readTree(codec.encode(serviceCardEnvelope()));
        change.accept(envelope);
        return codec.mapper().writeValueAsString(envelope);
    }

    private Envelope<ServiceCard> decode(String body) {
        return codec.decode(body.getBytes(StandardCharsets.UTF_8), ServiceCard.class);
    }

    private static Envelope<ServiceCard> serviceCardEnvelope() {
        UUID cardId = UUID.randomUUID();
        ServiceCard card = new ServiceCard(cardId, UUID.randomUUID(), UUID.randomUUID().toString(), 2,
                "10000012345", "APP-1", LocalDate.of(2026, 11, 2),
                new ServiceCard.Organisation("ООО Вектор", "7707083893", "1027700132195", "773601001", "г. Москва"),
                ServiceCard.Founder.person("Иванов", "Иван", "Иванович", "500100732259", null));
        return Envelope.create(MessageTypes.SERVICE_CARD, "moku/gateway", cardId, UUID.randomUUID(),
                cardId.toString(), card);
    }
}
