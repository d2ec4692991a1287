package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;

/** The one-pass reading: the DOM a DocumentBuilder builds, and the schema check, from one SAX parse. */
class ResponseSchemaCheckUnitTests {

    private final ResponseSchemaCheck check = new ResponseSchemaCheck(SmevSchemas.smevWithServiceData());

    @Test
    void theDocumentIsTheOneADocumentBuilderBuilds() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- before the root -->
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:default">
                  <soap:Body a="1" xml:lang="ru"><?pi data?>
                    <x b="&amp;&lt;2">text &amp; more<![CDATA[<cdata> & ]]>after<!-- inside --></x>
                    <y:z xmlns:y="urn:y" y:attr="v"/>
                  </soap:Body>
                </soap:Envelope>""";

        Document onePass = check.read(xml).document();
        Document built = SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml)));

        assertThat(onePass.getDocumentElement().isEqualNode(built.getDocumentElement())).isTrue();
        assertThat(onePass.getChildNodes().getLength()).isEqualTo(built.getChildNodes().getLength());
    }

    @Test
    void aValidMessageAfterAnInvalidOneOnTheSameThreadIsValid() throws Exception {
        String invalid = SmevMessages.envelope(SmevMessages.newMessageId(), "<wrong xmlns=\"urn:x\"/>")
                .replace("MessageType>RESPONSE<", "MessageType>NOT-A-TYPE<");
        String valid = SmevMessages.validEnvelope(SmevMessages.newMessageId());

        assertThat(check.read(valid).violation()).isNull();
        assertThat(check.read(invalid).violation()).startsWith("line ");
        assertThat(check.read(valid).violation()).isNull();
        assertThat(check.read(valid).document().getDocumentElement().getLocalName()).isEqualTo("Envelope");
    }
}
