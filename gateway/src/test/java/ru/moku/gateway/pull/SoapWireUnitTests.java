package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SoapWireUnitTests {

    private static final String ENVELOPE = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><x>Проверка</x></soap:Body></soap:Envelope>";

    @Test
    void plainIsTheEnvelopeAsSoap11Xml() {
        SoapWire.Body body = SoapWire.PLAIN.encode(ENVELOPE);

        assertThat(body.contentType().isCompatibleWith(MediaType.TEXT_XML)).isTrue();
        assertThat(body.contentType().getCharset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo(ENVELOPE);
    }

    @Test
    void mtomIsAnXopPackageWhoseStartPartIsTheEnvelope() {
        SoapWire.Body body = SoapWire.MTOM.encode(ENVELOPE);
        MediaType type = body.contentType();

        assertThat(type.getType() + "/" + type.getSubtype()).isEqualTo("multipart/related");
        assertThat(type.getParameters()).containsEntry("type", "\"application/xop+xml\"")
                .containsEntry("start-info", "\"text/xml\"").containsKeys("boundary", "start");
        String start = type.getParameter("start").replace("\"", "");

        StepVerifier.create(read(body).collectList())
                .assertNext(parts -> {
                    assertThat(parts).hasSize(1);
                    HttpHeaders headers = parts.get(0).headers();
                    assertThat(headers.getFirst("Content-ID")).isEqualTo(start);
                    MediaType root = headers.getContentType();
                    assertThat(root.getType() + "/" + root.getSubtype()).isEqualTo("application/xop+xml");
                    assertThat(root.getParameter("type")).isEqualTo("\"text/xml\"");
                    assertThat(root.getCharset()).isEqualTo(StandardCharsets.UTF_8);
                    StepVerifier.create(DataBufferUtils.join(parts.get(0).content())
                                    .map(buffer -> buffer.toString(StandardCharsets.UTF_8)))
                            .expectNext(ENVELOPE)
                            .verifyComplete();
                })
                .verifyComplete();
    }

    @Test
    void eachMtomRequestHasABoundaryOfItsOwn() {
        assertThat(SoapWire.MTOM.encode(ENVELOPE).contentType().getParameter("boundary"))
                .isNotEqualTo(SoapWire.MTOM.encode(ENVELOPE).contentType().getParameter("boundary"));
    }

    /** Reads the package as a receiver does, with Spring's standard multipart reader. */
    private static Flux<Part> read(SoapWire.Body body) {
        MockServerHttpRequest request = MockServerHttpRequest.post("/smev")
                .contentType(body.contentType())
                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body.bytes())));
        return new DefaultPartHttpMessageReader().read(ResolvableType.forClass(Part.class), request, Map.of());
    }
}
