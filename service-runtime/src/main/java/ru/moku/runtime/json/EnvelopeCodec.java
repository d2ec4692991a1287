package ru.moku.runtime.json;

import java.util.Objects;
import ru.moku.model.messaging.Envelope;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding of {@link Envelope}s, the one wire format of the platform's messages. */
public final class EnvelopeCodec {

    private final JsonMapper mapper;

    public EnvelopeCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public byte[] encode(Envelope<?> envelope) {
        return mapper.writeValueAsBytes(envelope);
    }

    public String encodeToString(Envelope<?> envelope) {
        return mapper.writeValueAsString(envelope);
    }

    /**
     * Decodes an envelope whose data is a {@code dataType}.
     *
     * @throws PoisonMessageException when the bytes are not such an envelope: retrying cannot help
     */
    public <T> Envelope<T> decode(byte[] body, Class<T> dataType) {
        JavaType type = mapper.getTypeFactory().constructParametricType(Envelope.class, dataType);
        try {
            Envelope<T> envelope = mapper.readValue(body, type);
            if (envelope == null || envelope.data() == null) {
                throw new PoisonMessageException("message has no data");
            }
            return envelope;
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new PoisonMessageException("not a " + dataType.getSimpleName() + " envelope: " + e.getMessage(), e);
        }
    }

    /** The mapper, for payloads that are not envelopes. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** A message that can never be processed (unparseable, wrong schema): dead-letter it at once. */
    public static final class PoisonMessageException extends RuntimeException {

        public PoisonMessageException(String message) {
            super(message);
        }

        public PoisonMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
