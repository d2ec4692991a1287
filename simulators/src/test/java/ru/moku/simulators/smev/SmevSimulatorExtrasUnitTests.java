package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import ru.moku.model.xml.Dom;

/** The simulator's SMEV answers after SendRequests, its tampering and its reading of verification failures. */
class SmevSimulatorExtrasUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String ORIGINAL = "0a1b2c3d-4e5f-11ef-8a9b-0123456789ab";

    private final MessageFeatures features = new MessageFeatures();
    private final MessageIds ids = new MessageIds(Clock.fixed(NOW, ZoneOffset.UTC), new Random(1));

    @Test
    void asyncStatusesAreOffByDefaultSoASendRequestQueuesNothing() {
        AsyncStatuses statuses = new AsyncStatuses(new SmevSimulatorProperties.AsyncStatus(false, 1), new Random(1),
                ids, features);

        assertThat(statuses.afterSendRequest(ORIGINAL, NOW)).isEmpty();
        assertThat(features.asyncStatuses()).isEmpty();
    }

    @Test
    void withoutARejectedShareEveryRequestIsReportedDelivered() {
        AsyncStatuses statuses = new AsyncStatuses(new SmevSimulatorProperties.AsyncStatus(true, 0), new Random(1),
                ids, features);

        SmevMessage status = statuses.afterSendRequest(ORIGINAL, NOW).orElseThrow();

        assertThat(status.content()).isEqualTo(new SmevMessage.StatusAnswer(AnswerKind.ASYNC_PROCESSING_STATUS,
                ORIGINAL, "messageIsDelivered", "SMEV simulator: the request was delivered to its recipient"));
        assertThat(features.asyncStatuses()).containsExactly(
                new AsyncStatusQueued(status.messageId(), ORIGINAL, "messageIsDelivered"));
        assertThat(features.answers()).containsExactly(status.messageId());
    }

    @Test
    void tamperingChangesTheOrganisationNameInsideTheSignedDataAndNothingElse() {
        String envelope = SmevSoap.getResponse(new SmevSoap.ResponseHeader(ORIGINAL, "to", "GIS", "ГИС", NOW, NOW),
                writer -> Stax.copy(SmevTestMessages.parse("""
                        <sd:ServiceData xmlns:sd="urn://moku-platform/service-data/1.0"><sd:ServiceCard>\
                        <sd:ServiceCode>1</sd:ServiceCode><sd:Organisation><sd:Name>ООО Ромашка</sd:Name>\
                        </sd:Organisation></sd:ServiceCard></sd:ServiceData>""").getDocumentElement(), writer));
        Element response = response(envelope);

        Tampering.alter(response);

        assertThat(SmevTestMessages.texts(Stax.fragment(writer -> Stax.copy(response, writer)),
                "urn://moku-platform/service-data/1.0", "Name")).containsExactly("ООО Ромашка" + Tampering.MARK);
        assertThat(SmevTestMessages.texts(Stax.fragment(writer -> Stax.copy(response, writer)),
                SmevTestMessages.TYPES, "MessageID")).containsExactly(ORIGINAL);
    }

    @Test
    void anAnswerWithoutANameHasItsDescriptionChanged() {
        String envelope = SmevSoap.getResponse(new SmevSoap.ResponseHeader(ORIGINAL, "to", "GIS", "ГИС", NOW, NOW),
                new SmevSoap.Payload(null, new SmevMessage.StatusAnswer(AnswerKind.REQUEST_REJECTED, ORIGINAL,
                        "NO_DATA", "no data"), java.util.List.of(), java.util.List.of()), false);
        Element response = response(envelope);

        Tampering.alter(response);

        assertThat(SmevTestMessages.texts(Stax.fragment(writer -> Stax.copy(response, writer)),
                SmevTestMessages.TYPES, "RejectionReasonCode")).containsExactly("NO_DATA" + Tampering.MARK);
    }

    @Test
    void theVerifiersReasonsBecomeTheSchemasSignatureVerificationCodes() {
        assertThat(XmlCallerVerification.code("missing signature: no ds:Signature in x")).isEqualTo("NoSignatureFound");
        assertThat(XmlCallerVerification.code("the reference \"#a\" does not cover the expected element"))
                .isEqualTo("IncorrectSignatureTarget");
        assertThat(XmlCallerVerification.code("untrusted certificate CN=x (issued by CN=x)"))
                .isEqualTo("CertificateIsNotFound");
        assertThat(XmlCallerVerification.code("certificate CN=x is not valid now (valid …)"))
                .isEqualTo("CertificateIsExpired");
        assertThat(XmlCallerVerification.code("digest mismatch: x changed after signing")).isEqualTo("SignatureIsInvalid");
    }

    @Test
    void onlyAMessageWithPrimaryContentCarriesAttachments() {
        Attachment attachment = new Attachment("att-1", "application/pdf", new byte[] {1}, null,
                Attachment.Transfer.MTOM);

        assertThatThrownBy(() -> new SmevMessage(ORIGINAL, NOW, new SmevMessage.StatusAnswer(
                AnswerKind.REQUEST_STATUS, ORIGINAL, "4", "x"), java.util.List.of(attachment), java.util.List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Element response(String envelope) {
        return Dom.child(SmevTestMessages.bodyElement(envelope), SmevTestMessages.TYPES, "ResponseMessage")
                .flatMap(message -> Dom.child(message, SmevTestMessages.TYPES, "Response")).orElseThrow();
    }
}
