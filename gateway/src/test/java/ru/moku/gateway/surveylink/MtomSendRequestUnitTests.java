package ru.moku.gateway.surveylink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import ru.moku.gateway.config.SurveyLinkProperties;
import ru.moku.gateway.support.CallerSignatures;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.pull.SoapWire;
import ru.moku.gateway.pull.XmlSmevSigner;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSigner;

/**
 * A signed SendRequest sent as MTOM to a local HTTP server that records what arrived: a {@code multipart/related}
 * package whose root part is the signed envelope, and whose signature still verifies there.
 */
class MtomSendRequestUnitTests {

    private record Received(String contentType, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final DisposableServer smev = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/smev", (request, response) -> request.receive().aggregate().asByteArray()
                    .flatMap(body -> {
                        received.add(new Received(request.requestHeaders().get("Content-Type"), body));
                        return response.header("Content-Type", "text/xml;charset=UTF-8")
                                .sendString(Mono.just(ACCEPTED)).then();
                    })))
            .bindNow();

    private static final String ACCEPTED = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
            <ns2:SendRequestResponse xmlns:ns2="%s"><ns2:MessageMetadata><ns2:MessageId>x</ns2:MessageId>
            <ns2:SendingTimestamp>2030-01-01T10:00:00.000+03:00</ns2:SendingTimestamp></ns2:MessageMetadata>
            </ns2:SendRequestResponse></soap:Body></soap:Envelope>""".formatted(Namespaces.SMEV_TYPES);

    @AfterEach
    void stop() {
        smev.disposeNow();
    }

    @Test
    void aSignedSendRequestGoesAsAnXopPackageWhoseEnvelopeStillVerifies() {
        SigningKey gateway = GostKeys.generate("МОКУ gateway");
        SmevSendClient client = new SmevSendClient(settings(), new XmlSmevSigner(new XmlSigner(gateway),
                Schedulers.boundedElastic()), Schedulers.boundedElastic(), SoapWire.MTOM);
        String envelope = new SurveyNotificationRequests("", false).sendRequest(UUID.randomUUID(),
                new SurveyLinkIssued(UUID.randomUUID(), "orig-1", "APP-1", "10000012345",
                        "https://lkp.example/s/x?token=a.b.c", Instant.parse("2030-01-02T03:04:05Z")));

        StepVerifier.create(client.send(envelope))
                .expectNext(Instant.parse("2030-01-01T07:00:00Z"))
                .verifyComplete();

        assertThat(received).hasSize(1);
        MediaType type = MediaType.parseMediaType(received.get(0).contentType());
        assertThat(type.getType() + "/" + type.getSubtype()).isEqualTo("multipart/related");
        String root = rootPart(type, received.get(0).body());
        assertThat(CallerSignatures.verify(root, "SenderProvidedRequestData", gateway))
                .isInstanceOf(Verification.Valid.class);
    }

    private static String rootPart(MediaType type, byte[] body) {
        MockServerHttpRequest request = MockServerHttpRequest.post("/smev").contentType(type)
                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        return new DefaultPartHttpMessageReader().read(ResolvableType.forClass(Part.class), request, Map.of())
                .single()
                .flatMap(part -> DataBufferUtils.join(part.content()))
                .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                .block(Duration.ofSeconds(30));
    }

    private SurveyLinkProperties settings() {
        return new SurveyLinkProperties(URI.create("http://127.0.0.1:" + smev.port() + "/smev"), Duration.ofSeconds(5),
                Duration.ofSeconds(30), 1, Duration.ofMillis(10), Duration.ofMillis(10), 0, 50, 20, Duration.ofSeconds(30),
                DataSize.ofMegabytes(1), "", false);
    }
}
