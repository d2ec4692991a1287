package ru.moku.gateway.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class XmlTextUnitTests {

    @Test
    void utf8IsTheDefault() {
        XmlText.Decoded decoded = XmlText.decode("<a>Иванов</a>".getBytes(StandardCharsets.UTF_8), MediaType.TEXT_XML);

        assertThat(decoded.text()).isEqualTo("<a>Иванов</a>");
        assertThat(decoded.problem()).isNull();
    }

    @Test
    void theEncodingOfTheXmlDeclarationIsHonoured() {
        String xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>Иванов</a>";

        XmlText.Decoded decoded = XmlText.decode(xml.getBytes(Charset.forName("windows-1251")), MediaType.APPLICATION_XML);

        assertThat(decoded.text()).isEqualTo(xml);
    }

    @Test
    void theCharsetOfTheContentTypeWinsOverTheDeclaration() {
        String xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>Иванов</a>";

        XmlText.Decoded decoded = XmlText.decode(xml.getBytes(StandardCharsets.UTF_8),
                MediaType.parseMediaType("text/xml;charset=UTF-8"));

        assertThat(decoded.text()).isEqualTo(xml);
    }

    @Test
    void aByteOrderMarkIsRemoved() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] xml = "<a/>".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + xml.length];
        System.arraycopy(bom, 0, body, 0, bom.length);
        System.arraycopy(xml, 0, body, bom.length, xml.length);

        assertThat(XmlText.decode(body, MediaType.TEXT_XML).text()).isEqualTo("<a/>");
    }

    @Test
    void invalidUtf8IsReportedWithItsOffsetAndStillDecodedForStorage() {
        byte[] body = {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'};

        XmlText.Decoded decoded = XmlText.decode(body, MediaType.TEXT_XML);

        assertThat(decoded.problem()).contains("byte 3").contains("UTF-8");
        assertThat(decoded.text()).startsWith("<a>");
    }
}
