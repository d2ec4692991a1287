package ru.moku.gateway.intake;

import java.util.Objects;
import org.w3c.dom.Element;
import ru.moku.gateway.answers.AnswerKind;

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
     * @param smevMessageId   {@code MessageMetadata/MessageId}, or {@code SenderProvidedResponseData/MessageID}
     * @param responseMessage the {@code ResponseMessage} element (signatures, attachments)
     * @param serviceData     the {@code ServiceData} root element inside {@code MessagePrimaryContent}
     */
    record Valid(String smevMessageId, Element responseMessage, Element serviceData) implements SmevReading {

        public Valid {
            Objects.requireNonNull(smevMessageId, "smevMessageId");
            Objects.requireNonNull(responseMessage, "responseMessage");
            Objects.requireNonNull(serviceData, "serviceData");
        }
    }

    /**
     * A valid SMEV response that is an answer without service data ({@code RequestRejected}, {@code RequestStatus},
     * {@code AsyncProcessingStatus} in {@code SenderProvidedResponseData}).
     *
     * @param smevMessageId     as for {@link Valid}
     * @param responseMessage   the {@code ResponseMessage} element
     * @param kind              which answer
     * @param originalMessageId the message answered, {@code null} when none is named
     * @param code              {@code RejectionReasonCode}, {@code StatusCode} or {@code StatusCategory}
     * @param description       the reason or details, possibly {@code null}
     */
    record Answer(String smevMessageId, Element responseMessage, AnswerKind kind, String originalMessageId,
                  String code, String description) implements SmevReading {

        public Answer {
            Objects.requireNonNull(smevMessageId, "smevMessageId");
            Objects.requireNonNull(responseMessage, "responseMessage");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(code, "code");
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
