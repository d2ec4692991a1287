package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.bodyElement;
import static ru.moku.simulators.smev.SmevTestMessages.deliveredMessageId;
import static ru.moku.simulators.smev.SmevTestMessages.texts;
import static ru.moku.simulators.smev.SmevTestMessages.validate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;
import ru.moku.model.xml.Namespaces;
import ru.moku.simulators.testing.MutableClock;

/**
 * The simulator on a random port, spoken to as a gateway would: SOAP on /smev, JSON on /admin/smev. Its clock is the
 * test's {@link MutableClock}: a delivered message comes back only when the test moves the clock past the redelivery
 * timeout, never because the machine ran slowly between two calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=simulators",
        "simulators.smev.redelivery-timeout=30s",
        "simulators.smev.seed=20250301"})
@AutoConfigureWebTestClient
class SmevSimulatorIntegrationTests {

    private static final Duration REDELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MediaType TEXT_XML = MediaType.TEXT_XML;

    @Autowired
    private WebTestClient client;

    @Autowired
    private MutableClock clock;

    @LocalServerPort
    private int port;

    /** The simulator's clock, moved by the tests alone. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ControlledClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    @BeforeEach
    void startEmpty() {
        client = client.mutate().responseTimeout(WAIT).build();
        client.delete().uri("/admin/smev/messages").exchange().expectStatus().isNoContent();
        client.delete().uri("/admin/smev/faults").exchange().expectStatus().isOk();
    }

    @Test
    void anEmptyQueueAnswersAnEmptyGetResponseResponse() {
        String answer = getResponse();

        assertThat(bodyElement(answer).getLocalName()).isEqualTo("GetResponseResponse");
        assertThat(deliveredMessageId(answer)).isEmpty();
        validate(bodyElement(answer));
    }

    @Test
    void threeGeneratedMessagesAreDeliveredOnceEachThenTheQueueIsEmpty() {
        GeneratedMessages generated = generate("count=3&cardsPerMessage=4");
        assertThat(generated.messageIds()).hasSize(3);
        assertThat(generated.cards()).isEqualTo(12);

        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String answer = getResponse();
            validate(bodyElement(answer));
            assertThat(texts(answer, Namespaces.SERVICE_DATA_1_0, "ServiceCard")).hasSize(4);
            delivered.add(deliveredMessageId(answer).orElseThrow());
        }

        assertThat(delivered).isEqualTo(generated.messageIds());
        assertThat(deliveredMessageId(getResponse())).isEmpty();
        assertThat(stats()).extracting(SmevStats::queued, SmevStats::inFlight, SmevStats::delivered)
                .containsExactly(0, 3, 3L);
    }

    @Test
    void anAcknowledgedMessageIsRemovedForGood() {
        String messageId = generate("count=1").messageIds().get(0);
        assertThat(deliveredMessageId(getResponse())).hasValue(messageId);

        String ack = soap(SmevTestMessages.ackRequest(messageId), HttpStatus.OK);

        assertThat(bodyElement(ack).getLocalName()).isEqualTo("AckResponse");
        assertThat(stats()).extracting(SmevStats::queued, SmevStats::inFlight, SmevStats::acked)
                .containsExactly(0, 0, 1L);
        assertThat(ackedIds()).containsExactly(messageId);
        clock.advance(REDELIVERY_TIMEOUT.multipliedBy(3));
        assertThat(deliveredMessageId(getResponse())).isEmpty();
    }

    @Test
    void anUnacknowledgedMessageIsRedeliveredOnceTheTimeoutHasPassedAndNotBefore() {
        String messageId = generate("count=1").messageIds().get(0);
        assertThat(deliveredMessageId(getResponse())).hasValue(messageId);

        clock.advance(REDELIVERY_TIMEOUT.minusMillis(1));
        assertThat(deliveredMessageId(getResponse())).as("within the timeout").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(deliveredMessageId(getResponse())).as("at the timeout").hasValue(messageId);

        assertThat(stats()).extracting(SmevStats::delivered, SmevStats::redelivered).containsExactly(2L, 1L);
    }

    @Test
    void soap12ContentTypeIsAcceptedToo() {
        client.post().uri("/smev").contentType(MediaType.parseMediaType("application/soap+xml; charset=utf-8"))
                .bodyValue(SmevTestMessages.getResponseRequest(clock.instant()))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(TEXT_XML)
                .expectBody(String.class).value(body -> assertThat(deliveredMessageId(body)).isEmpty());
    }

    @Test
    void anUnknownMessageIdCannotBeAcknowledged() {
        String fault = soap(SmevTestMessages.ackRequest("0a1b2c3d-4e5f-11ef-8a9b-0123456789ab"),
                HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(faultString(fault)).contains("no unacknowledged message");
        assertThat(fault).contains("TargetMessageIsNotFound");
    }

    @Test
    void duplicateDeliveryDeliversTheSameMessageIdTwiceEvenWhenAcknowledged() {
        putFaults("{\"duplicateDeliveryRate\": 1}");
        String messageId = generate("count=1").messageIds().get(0);

        assertThat(deliveredMessageId(getResponse())).hasValue(messageId);
        soap(SmevTestMessages.ackRequest(messageId), HttpStatus.OK);
        assertThat(deliveredMessageId(getResponse())).hasValue(messageId);
        soap(SmevTestMessages.ackRequest(messageId), HttpStatus.OK);

        assertThat(deliveredMessageId(getResponse())).isEmpty();
        assertThat(stats()).extracting(SmevStats::delivered, SmevStats::redelivered, SmevStats::duplicatesInjected)
                .containsExactly(2L, 1L, 1L);
    }

    @Test
    void aDroppedAcknowledgementIsAnsweredButTheMessageComesBack() {
        putFaults("{\"dropAckRate\": 1}");
        String messageId = generate("count=1").messageIds().get(0);
        getResponse();

        assertThat(bodyElement(soap(SmevTestMessages.ackRequest(messageId), HttpStatus.OK)).getLocalName())
                .isEqualTo("AckResponse");

        clock.advance(REDELIVERY_TIMEOUT);
        assertThat(deliveredMessageId(getResponse())).hasValue(messageId);
        assertThat(ackedIds()).isEmpty();
    }

    @Test
    void anInjectedSoapFaultIsAnsweredWith500AndLeavesTheQueueAlone() {
        putFaults("{\"soapFaultRate\": 1}");
        generate("count=1");

        String fault = soap(SmevTestMessages.getResponseRequest(clock.instant()), HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(bodyElement(fault).getLocalName()).isEqualTo("Fault");
        assertThat(fault).contains("SMEVFailure").contains("<faultcode>soap:Server</faultcode>");
        assertThat(stats()).extracting(SmevStats::queued, SmevStats::delivered).containsExactly(1, 0L);
    }

    @Test
    void anInjected5xxIsAPlain503() {
        putFaults("{\"http5xxRate\": 1}");

        client.post().uri("/smev").contentType(TEXT_XML).bodyValue(SmevTestMessages.getResponseRequest(clock.instant()))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).value(body -> assertThat(body).contains("injected 503"));
    }

    @Test
    void injectedLatencyHoldsTheAnswerBack() {
        // A latency far beyond the client's patience: the client gives up first however slow the machine is.
        putFaults("{\"latency\": \"10m\"}");

        StepVerifier.create(WebClient.create("http://127.0.0.1:" + port).post().uri("/smev")
                        .contentType(TEXT_XML).bodyValue(SmevTestMessages.getResponseRequest(clock.instant()))
                        .retrieve().toBodilessEntity()
                        .timeout(Duration.ofSeconds(3)))
                .expectError(TimeoutException.class)
                .verify(WAIT);
    }

    @Test
    void faultsCanBeReadAndAreValidated() {
        putFaults("{\"soapFaultRate\": 0.25, \"latency\": \"PT0.1S\"}");

        client.get().uri("/admin/smev/faults").exchange().expectStatus().isOk()
                .expectBody(SmevFaultSettings.class)
                .isEqualTo(new SmevFaultSettings("PT0.1S", "PT0S", 0.25, 0.0, 0.0, 0.0));
        client.put().uri("/admin/smev/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"soapFaultRate\": 1.5}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("soapFaultRate"));
    }

    @Test
    void aSendRequestIsRecordedAndItsMessageIdCannotBeSentTwice() {
        String content = "<s:SurveyLink xmlns:s=\"urn://moku-platform/survey-link/1.0\">"
                + "<s:Url>https://lkp.example/survey?token=a&amp;b</s:Url></s:SurveyLink>";
        String request = SmevTestMessages.sendRequestRequest("1f2e3d4c-5b6a-11ef-8a9b-0123456789ab", content);

        String answer = soap(request, HttpStatus.OK);

        validate(bodyElement(answer));
        String smevMessageId = texts(answer, TYPES, "MessageId").get(0);
        List<ReceivedSendRequest> recorded = client.get().uri("/admin/smev/send-requests").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<ReceivedSendRequest>>() { })
                .returnResult().getResponseBody();
        assertThat(recorded).singleElement().satisfies(received -> {
            assertThat(received.messageId()).isEqualTo("1f2e3d4c-5b6a-11ef-8a9b-0123456789ab");
            assertThat(received.smevMessageId()).isEqualTo(smevMessageId);
            assertThat(received.primaryContent()).isEqualTo(content);
        });
        assertThat(stats().sendRequestsReceived()).isEqualTo(1);
        assertThat(soap(request, HttpStatus.INTERNAL_SERVER_ERROR)).contains("MessageIsAlreadySent");
    }

    @Test
    void sentRequestsAreReadBackNewestFirstWithTheNotificationFields() {
        soap(SmevTestMessages.sendRequestRequest("1f2e3d4c-5b6a-11ef-8a9b-0123456789a1",
                SmevTestMessages.surveyNotification("APP-1", "https://lkp.example/s/one")), HttpStatus.OK);
        soap(SmevTestMessages.sendRequestRequest("1f2e3d4c-5b6a-11ef-8a9b-0123456789a2",
                SmevTestMessages.surveyNotification("APP-2", "https://lkp.example/s/two?a=1&amp;b=2")), HttpStatus.OK);

        List<ReceivedSendRequest> latest = client.get().uri("/admin/smev/sent-requests?limit=1").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<ReceivedSendRequest>>() { })
                .returnResult().getResponseBody();

        assertThat(latest).singleElement().satisfies(received -> {
            assertThat(received.messageId()).isEqualTo("1f2e3d4c-5b6a-11ef-8a9b-0123456789a2");
            assertThat(received.contentType()).isEqualTo("{" + SurveyNotification.NAMESPACE + "}SurveyNotification");
            assertThat(received.notification().applicationNumber()).isEqualTo("APP-2");
            assertThat(received.notification().link()).isEqualTo("https://lkp.example/s/two?a=1&b=2");
        });
        client.get().uri("/admin/smev/sent-requests?limit=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void theNextRequestsCanBeScriptedToFailThenTheyAreProcessedAgain() {
        client.post().uri("/admin/smev/faults/next?count=2&outcome=HTTP_503").exchange().expectStatus().isOk();
        String request = SmevTestMessages.sendRequestRequest("1f2e3d4c-5b6a-11ef-8a9b-0123456789a3",
                SmevTestMessages.surveyNotification("APP-3", "https://lkp.example/s/three"));

        client.post().uri("/smev").contentType(TEXT_XML).bodyValue(request).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        client.post().uri("/smev").contentType(TEXT_XML).bodyValue(request).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(stats().sendRequestsReceived()).as("failed requests are not processed").isZero();

        soap(request, HttpStatus.OK);
        assertThat(stats().sendRequestsReceived()).isEqualTo(1);
        client.post().uri("/admin/smev/faults/next?count=1&outcome=NONE").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aSelectorTimestampFarFromTheSimulatorClockIsRefused() {
        String fault = soap(SmevTestMessages.getResponseRequest(clock.instant().minus(Duration.ofMinutes(31))),
                HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(faultString(fault)).contains("Timestamp").contains("away from SMEV's clock");
    }

    @Test
    void malformedXmlIsASoapFaultWithoutStackTrace() {
        String fault = soap("<soap:Envelope><oops", HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(faultString(fault)).startsWith("malformed XML");
        assertThat(fault).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void anUnsupportedOperationIsASoapFault() {
        String fault = soap(SmevTestMessages.envelope("<x:Hello xmlns:x=\"urn:x\"/>"), HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(faultString(fault)).contains("unsupported operation {urn:x}Hello");
    }

    @Test
    void anUploadedServiceDataDocumentIsDeliveredUnderAFreshMessageId() {
        String document = ServiceDataXml.serviceData(List.of(new ServiceDataGenerator(
                new java.util.SplittableRandom(3), java.time.LocalDate.now()).card(false)));

        LoadedMessage loaded = load(document);

        assertThat(loaded.kind()).isEqualTo("PRIMARY_CONTENT");
        assertThat(loaded.schemaValid()).isTrue();
        String answer = getResponse();
        validate(bodyElement(answer));
        assertThat(deliveredMessageId(answer)).hasValue(loaded.messageId());
    }

    @Test
    void anUploadedEnvelopeIsDeliveredAsItIs() {
        String messageId = ServiceDataXml.newMessageId();
        String envelope = ServiceDataXml.getResponseEnvelope(messageId, ServiceDataXml.serviceData(
                new ServiceDataGenerator(new java.util.SplittableRandom(4), java.time.LocalDate.now()).cards(3, 0)));

        LoadedMessage loaded = load(envelope);

        assertThat(loaded).isEqualTo(new LoadedMessage(messageId, "COMPLETE_RESPONSE", true, null));
        assertThat(getResponse()).isEqualTo(envelope);
    }

    @Test
    void anUploadThatIsNotXmlIsABadRequest() {
        client.post().uri("/admin/smev/messages").contentType(MediaType.APPLICATION_XML).bodyValue("not xml")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("malformed XML"));
    }

    @Test
    void generationCanMakeEveryOrganisationInnInvalid() {
        GeneratedMessages generated = generate("count=2&cardsPerMessage=5&invalidInnShare=1&seed=7");

        assertThat(generated.invalidInnCards()).isEqualTo(10);
        assertThat(generated.seed()).isEqualTo(7);
        validate(bodyElement(getResponse()));
    }

    private GeneratedMessages generate(String query) {
        return client.post().uri("/admin/smev/messages/generate?" + query).exchange()
                .expectStatus().isOk()
                .expectBody(GeneratedMessages.class).returnResult().getResponseBody();
    }

    private LoadedMessage load(String xml) {
        return client.post().uri("/admin/smev/messages").contentType(MediaType.APPLICATION_XML)
                .bodyValue(xml.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isOk()
                .expectBody(LoadedMessage.class).returnResult().getResponseBody();
    }

    /** A GetResponseRequest stamped with the simulator's clock, as a gateway in sync with SMEV would send it. */
    private String getResponse() {
        return soap(SmevTestMessages.getResponseRequest(clock.instant()), HttpStatus.OK);
    }

    private String soap(String envelope, HttpStatus expected) {
        EntityExchangeResult<String> result = client.post().uri("/smev").contentType(TEXT_XML)
                .header("SOAPAction", "urn:GetResponse")
                .bodyValue(envelope.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectHeader().contentTypeCompatibleWith(TEXT_XML)
                .expectBody(String.class).returnResult();
        return result.getResponseBody();
    }

    private void putFaults(String json) {
        client.put().uri("/admin/smev/faults").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isOk();
    }

    private SmevStats stats() {
        return client.get().uri("/admin/smev/stats").exchange().expectStatus().isOk()
                .expectBody(SmevStats.class).returnResult().getResponseBody();
    }

    private List<String> ackedIds() {
        return client.get().uri("/admin/smev/acked-ids").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<String>>() { })
                .returnResult().getResponseBody();
    }

    private static String faultString(String envelope) {
        return texts(envelope, "", "faultstring").stream().findFirst().orElseThrow();
    }
}
