package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelope of an MTOM request is its root part, found by {@code start} however the parameter is written. */
class MtomReaderUnitTests {

    private static final byte[] ATTACHMENT = {0, 1, 2};

    @Test
    void theRootPartIsTheOneStartNamesEvenWhenItIsNotFirst() {
        String body = "--b\r\nContent-ID: <other>\r\n\r\nnot this\r\n--b\r\nContent-Type: application/xop+xml\r\n"
                + "Content-ID: <root@x>\r\n\r\n<soap/>\r\n--b--\r\n";

        byte[] root = MtomReader.rootPart(body.getBytes(StandardCharsets.US_ASCII),
                "multipart/related; boundary=b; start=\"<root@x>\"; type=\"application/xop+xml\"");

        assertThat(new String(root, StandardCharsets.US_ASCII)).isEqualTo("<soap/>");
    }

    @Test
    void rfc2231ContinuationsOfStartAreJoined() {
        MtomWriter.Multipart written = MtomWriter.write("<soap/>",
                List.of(new MtomWriter.Part("a@x", "application/pdf", ATTACHMENT)), "uuid:1", true);

        assertThat(MtomReader.parameters(written.contentType())).containsEntry("start", "<root.message@simulator.smev>");
        assertThat(new String(MtomReader.rootPart(written.body(), written.contentType()), StandardCharsets.UTF_8))
                .isEqualTo("<soap/>");
    }

    @Test
    void withoutStartTheFirstPartIsTheRoot() {
        String body = "--b\r\nContent-Type: application/xop+xml\r\n\r\n<first/>\r\n--b\r\n\r\nsecond\r\n--b--\r\n";

        assertThat(MtomReader.rootPart(body.getBytes(StandardCharsets.US_ASCII), "multipart/related; boundary=\"b\""))
                .asString(StandardCharsets.US_ASCII).isEqualTo("<first/>");
    }

    @Test
    void aMissingRootPartIsASoapFault() {
        String body = "--b\r\nContent-ID: <other>\r\n\r\nx\r\n--b--\r\n";

        assertThatThrownBy(() -> MtomReader.rootPart(body.getBytes(StandardCharsets.US_ASCII),
                "multipart/related; boundary=b; start=\"<root@x>\""))
                .isInstanceOf(SmevFaultException.class).hasMessageContaining("<root@x>");
    }
}
