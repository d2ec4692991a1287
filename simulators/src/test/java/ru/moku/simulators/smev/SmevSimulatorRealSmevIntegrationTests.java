package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.moku.simulators.smev.SmevTestMessages.BASIC;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.bodyElement;
import static ru.moku.simulators.smev.SmevTestMessages.texts;
import static ru.moku.simulators.smev.SmevTestMessages.validate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import ru.moku.model.xml.Dom;
import ru.moku.simulators.testing.MutableClock;

/**
 * The simulator with real SMEV's habits switched on: MTOM answers with an RFC 2231-split {@code start}, attachments as
 * MIME parts, answers without service data, an {@code AsyncProcessingStatus} after every accepted SendRequest (all of
 * them refused here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=simulators",
        "simulators.smev.seed=20261204",
        "simulators.smev.mtom.enabled=true",
        "simulators.smev.mtom.split-start=true",
        "simulators.smev.attachments.inline-share=0",
        "simulators.smev.attachments.size=3KB",
        "simulators.smev.async-status.enabled=true",
        "simulators.smev.async-status.rejected-share=1"})
@AutoConfigureWebTestClient
class SmevSimulatorRealSmevIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String XOP = "http://www.w3.org/2004/08/xop/include";

    @Autowired
    private WebTestClient client;

    @Autowired
    private MutableClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    static class ControlledClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    /** An MTOM answer as read: the root part's envelope and the other parts. */
    private record Mtom(Map<String, String> contentType, MtomTestReader.Part root, List<MtomTestReader.Part> parts) {

        String envelope() {
            return root.text();
        }
    }

    @BeforeEach
    void startEmpty() {
        client = client.mutate().responseTimeout(WAIT).build();
        client.delete().uri("/admin/smev/messages").exchange().expectStatus().isNoContent();
    }

    @Test
    void getResponseIsAnsweredAsMtomWithStartSplitAsRfc2231AndTheEnvelopeInTheRootPart() {
        EntityExchangeResult<byte[]> result = getResponseExchange();
        String header = result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE);

        assertThat(header).startsWith("multipart/related;").contains("start*0=\"<root.message\"")
                .contains("start*1=\"@simulator.smev>\"").contains("type=\"application/xop+xml\"");
        Mtom mtom = read(result);
        assertThat(mtom.contentType()).containsEntry("start", "<root.message@simulator.smev>")
                .containsEntry("start-info", "text/xml");
        assertThat(mtom.root().headers().get("content-type"))
                .isEqualTo("application/xop+xml; charset=UTF-8; type=\"text/xml\"");
        assertThat(bodyElement(mtom.envelope()).getLocalName()).isEqualTo("GetResponseResponse");
        assertThat(mtom.parts()).isEmpty();
    }

    @Test
    void anAttachmentTravelsAsTheMimePartItsXopIncludeNamesWithItsHeaderInTheSignedData() {
        GeneratedMessages generated = generate("count=1&attachmentShare=1");
        assertThat(generated.withAttachments()).isEqualTo(generated.messageIds());

        Mtom mtom = read(getResponseExchange());

        Document envelope = SmevTestMessages.parse(mtom.envelope());
        Element include = (Element) envelope.getElementsByTagNameNS(XOP, "Include").item(0);
        assertThat(include.getParentNode().getLocalName()).isEqualTo("Content");
        String contentId = texts(mtom.envelope(), BASIC, "contentId").get(0);
        assertThat(texts(mtom.envelope(), BASIC, "Id")).containsExactly(contentId);
        assertThat(include.getAttribute("href")).isEqualTo("cid:" + contentId + "@simulator.smev");
        assertThat(mtom.parts()).singleElement().satisfies(part -> {
            assertThat(part.contentId()).isEqualTo("<" + contentId + "@simulator.smev>");
            assertThat(part.headers().get("content-type")).isEqualTo("application/pdf");
            assertThat(part.content()).hasSize(3 * 1024);
            assertThat(new String(part.content(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4");
        });
        validate(reconstituted(envelope, mtom.parts()));
    }

    @Test
    void eachInjectedAnswerKindIsDeliveredWithItsOriginalMessageIdAndValidates() {
        String original = ServiceDataXml.newMessageId();
        inject("{\"kind\": \"REQUEST_REJECTED\", \"originalMessageId\": \"%s\", \"code\": \"NO_DATA\"}", original);
        inject("{\"kind\": \"REQUEST_STATUS\", \"originalMessageId\": \"%s\", \"code\": \"4\", "
                + "\"description\": \"BusinessDataRejected\"}", original);
        inject("{\"kind\": \"ASYNC_PROCESSING_STATUS\", \"originalMessageId\": \"%s\", \"code\": \"cancelled\"}", original);

        List<String> answers = List.of(read(getResponseExchange()).envelope(), read(getResponseExchange()).envelope(),
                read(getResponseExchange()).envelope());

        assertThat(answers).allSatisfy(answer -> {
            validate(bodyElement(answer));
            assertThat(texts(answer, TYPES, "OriginalMessageId")).contains(original);
            assertThat(texts(answer, BASIC, "MessagePrimaryContent")).isEmpty();
        });
        assertThat(texts(answers.get(0), TYPES, "RejectionReasonCode")).containsExactly("NO_DATA");
        assertThat(texts(answers.get(1), TYPES, "StatusCode")).containsExactly("4");
        assertThat(texts(answers.get(1), TYPES, "StatusDescription")).containsExactly("BusinessDataRejected");
        assertThat(texts(answers.get(2), TYPES, "StatusCategory")).containsExactly("cancelled");
    }

    @Test
    void anAnswerCodeTheSchemaDoesNotAllowIsABadRequest() {
        client.post().uri("/admin/smev/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\": \"REQUEST_REJECTED\", \"originalMessageId\": \"%s\", \"code\": \"NOPE\"}"
                        .formatted(ServiceDataXml.newMessageId()))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("NO_DATA"));
    }

    @Test
    void anAcceptedSendRequestIsFollowedByAnAsyncProcessingStatusNamingIt() {
        String messageId = ServiceDataXml.newMessageId();
        client.post().uri("/smev").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevTestMessages.sendRequestRequest(messageId,
                        SmevTestMessages.surveyNotification("APP-1", "https://example.org/s/1")))
                .exchange().expectStatus().isOk();

        String status = read(getResponseExchange()).envelope();

        validate(bodyElement(status));
        assertThat(texts(status, TYPES, "OriginalMessageId")).containsExactly(messageId, messageId);
        assertThat(texts(status, TYPES, "StatusCategory")).containsExactly("requestIsRejectedBySmev");
        assertThat(stats().get("asyncStatuses")).asString().contains(messageId).contains("requestIsRejectedBySmev");
    }

    @Test
    void aSendRequestSentAsMtomIsReadFromItsRootPart() {
        String messageId = ServiceDataXml.newMessageId();
        MtomWriter.Multipart request = MtomWriter.write(SmevTestMessages.sendRequestRequest(messageId,
                        SmevTestMessages.surveyNotification("APP-2", "https://example.org/s/2")),
                List.of(new MtomWriter.Part("unused@gateway", "application/octet-stream", new byte[] {1, 2, 3})),
                "MIMEBoundary_gateway", true);

        client.post().uri("/smev").header(HttpHeaders.CONTENT_TYPE, request.contentType()).bodyValue(request.body())
                .exchange()
                .expectStatus().isOk();

        List<Map<String, Object>> sent = client.get().uri("/admin/smev/send-requests").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
        assertThat(sent).extracting(request1 -> request1.get("messageId")).containsExactly(messageId);
    }

    @Test
    void generatedSharesAreExactAndTheStatsNameTheirMessages() {
        GeneratedMessages generated = generate("count=10&attachmentShare=0.2&answerShare=0.5&seed=5");

        assertThat(generated.messageIds()).hasSize(5);
        assertThat(generated.answerIds()).hasSize(5);
        assertThat(generated.withAttachments()).hasSize(1).isSubsetOf(generated.messageIds());
        assertThat(generated.cards()).isEqualTo(5);
        Map<String, Object> stats = stats();
        assertThat(stats).containsEntry("queued", 10).containsEntry("withAttachments", generated.withAttachments())
                .containsEntry("answers", generated.answerIds());
        GeneratedMessages again = generate("count=10&attachmentShare=0.2&answerShare=0.5&seed=5");
        assertThat(positions(again.withAttachments(), again)).isEqualTo(positions(generated.withAttachments(), generated));
    }

    @Test
    void fsAttachmentsNeedTheFileStorageAndTamperingNeedsSigning() {
        client.post().uri("/admin/smev/messages/generate?count=1&fsAttachmentShare=1").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("file-storage.enabled"));
        client.post().uri("/admin/smev/messages/generate?count=1&tamperedShare=1").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("signing.enabled"));
    }

    private static List<Integer> positions(List<String> ids, GeneratedMessages generated) {
        return ids.stream().map(generated.messageIds()::indexOf).toList();
    }

    /** The envelope with each {@code xop:Include} replaced by its part's bytes in base64 (the XOP infoset). */
    private static Element reconstituted(Document envelope, List<MtomTestReader.Part> parts) {
        NodeList includes = envelope.getElementsByTagNameNS(XOP, "Include");
        while (includes.getLength() > 0) {
            Element include = (Element) includes.item(0);
            String contentId = "<" + include.getAttribute("href").substring("cid:".length()) + ">";
            byte[] content = parts.stream().filter(part -> part.contentId().equals(contentId)).findFirst()
                    .orElseThrow().content();
            Node parent = include.getParentNode();
            parent.removeChild(include);
            parent.setTextContent(Base64.getEncoder().encodeToString(content));
        }
        return Dom.child(envelope.getDocumentElement(), SmevTestMessages.SOAP, "Body").flatMap(Dom::firstChildElement)
                .orElseThrow();
    }

    private EntityExchangeResult<byte[]> getResponseExchange() {
        return client.post().uri("/smev").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevTestMessages.getResponseRequest(clock.instant()))
                .exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult();
    }

    private static Mtom read(EntityExchangeResult<byte[]> result) {
        Map<String, String> contentType = MtomTestReader.parameters(
                result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
        List<MtomTestReader.Part> parts = MtomTestReader.parts(result.getResponseBody(), contentType.get("boundary"));
        MtomTestReader.Part root = parts.stream().filter(part -> part.contentId().equals(contentType.get("start")))
                .findFirst().orElseThrow();
        return new Mtom(contentType, root, parts.stream().filter(part -> part != root).toList());
    }

    private GeneratedMessages generate(String query) {
        return client.post().uri("/admin/smev/messages/generate?" + query).exchange()
                .expectStatus().isOk()
                .expectBody(GeneratedMessages.class).returnResult().getResponseBody();
    }

    private void inject(String json, String originalMessageId) {
        client.post().uri("/admin/smev/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.formatted(originalMessageId))
                .exchange()
                .expectStatus().isOk();
    }

    private Map<String, Object> stats() {
        return client.get().uri("/admin/smev/stats").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }
}
