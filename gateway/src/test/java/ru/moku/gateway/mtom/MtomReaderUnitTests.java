package ru.moku.gateway.mtom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.gateway.attachments.AttachmentPart;
import ru.moku.gateway.support.MtomBodies;

class MtomReaderUnitTests {

    private static final String ROOT = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Body><a>Выписка</a></soap:Body></soap:Envelope>";
    private static final int PART_LIMIT = 64 * 1024;
    private static final int IN_MEMORY = 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final MtomReader reader = new MtomReader(PART_LIMIT, 256 * 1024, 4, IN_MEMORY, 8 * 1024, TIMEOUT,
            Schedulers.newBoundedElastic(2, 100, "mtom-disk-test"));

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void theRootNamedByASplitStartIsTheXmlAndTheOtherPartsAreAttachmentsByContentId() {
        byte[] pdf = bytes(3 * IN_MEMORY, 1);
        MtomBodies.Body body = MtomBodies.mtom().splitStart().rootCharset(Charset.forName("windows-1251"))
                .attachment("a1@smev.gosuslugi.ru", "application/pdf", pdf)
                .attachment("a2@smev.gosuslugi.ru", "application/octet-stream", bytes(10, 2))
                .build(ROOT);
        AtomicReference<MtomMessage> read = new AtomicReference<>();

        StepVerifier.create(reader.read(body.contentType(), chunks(body.bytes(), 100)))
                .consumeNextWith(read::set)
                .expectComplete()
                .verify(TIMEOUT);

        MtomMessage message = read.get();
        assertThat(message.xml()).isEqualTo(ROOT);
        assertThat(message.decodingProblem()).isNull();
        assertThat(message.attachments()).containsOnlyKeys("a1@smev.gosuslugi.ru", "a2@smev.gosuslugi.ru");
        AttachmentPart first = message.attachments().get("a1@smev.gosuslugi.ru");
        assertThat(first.contentType()).isEqualTo("application/pdf");
        assertThat(content(first)).as("a part over the in-memory size comes back from disk intact").isEqualTo(pdf);
        StepVerifier.create(message.release()).expectComplete().verify(TIMEOUT);
    }

    @Test
    void aBodyThatStallsIsGivenUpAfterTheReadTimeout() {
        MtomBodies.Body body = MtomBodies.mtom().build(ROOT);
        MtomReader impatient = new MtomReader(PART_LIMIT, 256 * 1024, 4, IN_MEMORY, 8 * 1024, Duration.ofSeconds(5),
                Schedulers.newBoundedElastic(1, 10, "mtom-disk-impatient"));
        Flux<DataBuffer> stalled = chunks(body.bytes(), 10).take(3).concatWith(Flux.never());

        StepVerifier.withVirtualTime(() -> impatient.read(body.contentType(), stalled))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("not read within PT5S"))
                .verify(TIMEOUT);
        impatient.close();
    }

    @Test
    void aCharsetEncodedStartNamesTheRootToo() {
        MtomBodies.Body body = MtomBodies.mtom().withoutStart().attachment("x", "image/png", bytes(5, 3)).build(ROOT);
        // The root second in the body: only the start parameter can find it.
        String contentType = body.contentType() + "; start*0*=utf-8''%3Cx; start*1*=%3E";

        StepVerifier.create(reader.read(contentType, chunks(body.bytes(), 64)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("expected application/xop+xml"))
                .verify(TIMEOUT);
    }

    @Test
    void withoutAStartParameterTheFirstPartIsTheRoot() {
        MtomBodies.Body body = MtomBodies.mtom().withoutStart().attachment("x", "image/png", bytes(5, 3)).build(ROOT);

        StepVerifier.create(reader.read(body.contentType(), chunks(body.bytes(), 7)))
                .assertNext(message -> {
                    assertThat(message.xml()).isEqualTo(ROOT);
                    assertThat(message.attachments()).containsOnlyKeys("x");
                })
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void aPartOverThePartLimitIsTooLargeAndNoTemporaryFileIsLeft() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = multipartFiles(tmp);
        MtomBodies.Body body = MtomBodies.mtom().attachment("big", "application/pdf", bytes(PART_LIMIT + 1, 4))
                .build(ROOT);

        StepVerifier.create(reader.read(body.contentType(), chunks(body.bytes(), 4096)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .matches(e -> ((MtomException) e).tooLarge()))
                .verify(TIMEOUT);

        assertThat(multipartFiles(tmp)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aBodyOverTheMessageLimitIsTooLarge() {
        MtomBodies.Body body = MtomBodies.mtom()
                .attachment("a", "application/pdf", bytes(PART_LIMIT - 100, 5))
                .attachment("b", "application/pdf", bytes(PART_LIMIT - 100, 6))
                .attachment("c", "application/pdf", bytes(PART_LIMIT - 100, 7))
                .attachment("d", "application/pdf", bytes(PART_LIMIT - 100, 8))
                .build(ROOT);
        MtomReader small = new MtomReader(PART_LIMIT, 3L * PART_LIMIT, 10, IN_MEMORY, 8 * 1024, TIMEOUT,
                Schedulers.newBoundedElastic(2, 10, "mtom-disk-small"));

        StepVerifier.create(small.read(body.contentType(), chunks(body.bytes(), 4096)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("exceeds the limit of " + 3L * PART_LIMIT + " bytes")
                        .matches(e -> ((MtomException) e).tooLarge()))
                .verify(TIMEOUT);
        small.close();
    }

    @Test
    void morePartsThanTheLimitAreTooLarge() {
        MtomBodies.Body body = MtomBodies.mtom().attachment("a", "image/png", bytes(1, 1))
                .attachment("b", "image/png", bytes(1, 1)).attachment("c", "image/png", bytes(1, 1))
                .attachment("d", "image/png", bytes(1, 1)).build(ROOT);

        StepVerifier.create(reader.read(body.contentType(), chunks(body.bytes(), 4096)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("more than 4 parts")
                        .matches(e -> ((MtomException) e).tooLarge()))
                .verify(TIMEOUT);
    }

    @Test
    void aRootThatIsNotXopIsMalformed() {
        MtomBodies.Body body = MtomBodies.mtom().rootType("text/xml").build(ROOT);

        StepVerifier.create(reader.read(body.contentType(), chunks(body.bytes(), 4096)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("expected application/xop+xml")
                        .matches(e -> !((MtomException) e).tooLarge()))
                .verify(TIMEOUT);
    }

    @Test
    void aStartNamingNoPartIsMalformed() {
        MtomBodies.Body body = MtomBodies.mtom().build(ROOT);
        String contentType = body.contentType().replace("root.message@cxf.apache.org", "elsewhere@x");

        StepVerifier.create(reader.read(contentType, chunks(body.bytes(), 4096)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("<elsewhere@x>"))
                .verify(TIMEOUT);
    }

    @Test
    void aContentTypeWithoutBoundaryIsMalformed() {
        StepVerifier.create(reader.read("multipart/related; type=\"application/xop+xml\"",
                        chunks("--x--".getBytes(StandardCharsets.US_ASCII), 10)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MtomException.class)
                        .hasMessageContaining("boundary"))
                .verify(TIMEOUT);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Flux<DataBuffer> chunks(byte[] bytes, int size) {
        return Flux.range(0, (bytes.length + size - 1) / size)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size))));
    }

    private static byte[] content(AttachmentPart part) {
        return DataBufferUtils.join(part.content()).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).block(TIMEOUT);
    }

    /** The files Spring's multipart reader keeps under the temporary directory. */
    private static List<Path> multipartFiles(Path tmp) throws IOException {
        try (Stream<Path> dirs = Files.list(tmp)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith("spring-multipart"))
                    .flatMap(dir -> {
                        try (Stream<Path> files = Files.list(dir)) {
                            return files.toList().stream();
                        } catch (IOException e) {
                            return Stream.empty();
                        }
                    })
                    .toList();
        }
    }
}
