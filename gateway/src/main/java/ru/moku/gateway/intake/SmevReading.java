package ru.moku.gateway.intake;

import java.util.Objects;
import org.w3c.dom.Element;

/** What {@link SmevResponseReader} made of a document. */
public sealed interface SmevReading {

    /**
     * SMEV's id of the message, when it could be read (a UUID); the de-duplication key and the
     * target of the acknowledgement. {@code null} when the body failed before it was known.
     */
    String smevMessageId();

    /**
     * A valid SMEV response with supported service data.
     *
     * @param smevMessageId {@code MessageMetadata/MessageId}, or {@code SenderProvidedResponseData/MessageID}
     * @param serviceData   the {@code ServiceData} root element inside {@code MessagePrimaryContent}
     */
    record Valid(String smevMessageId, Element serviceData) implements SmevReading {

        public Valid {
            Objects.requireNonNull(smevMessageId, "smevMessageId");
            Objects.requireNonNull(serviceData, "serviceData");
        }
    }

    /**
     * A document the gateway cannot accept.
     *
     * @param problem       why
     * @param smevMessageId the message id if it could be read despite the problem, else {@code null}
     */
    record Invalid(IntakeProblem problem, String smevMessageId) implements SmevReading {

        public Invalid {
            Objects.requireNonNull(problem, "problem");
        }
    }
}
