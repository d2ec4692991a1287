package ru.moku.model.xml;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;

class SecureXmlUnitTests {

    private static final String WITH_DOCTYPE = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <r>&x;</r>""";

    @Test
    void theSaxReaderRefusesAnyDoctypeLikeTheDomParser() {
        assertThatThrownBy(() -> SecureXml.xmlReader().parse(new InputSource(new StringReader(WITH_DOCTYPE))))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> SecureXml.parse(new StringReader(WITH_DOCTYPE)))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void aSchemaWithoutExternalAccessCannotImportAnything() {
        String xsd = """
                <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn://a">
                  <xs:import namespace="urn://b" schemaLocation="http://127.0.0.1:1/b.xsd"/>
                  <xs:element name="r" type="xs:string"/>
                </xs:schema>""";

        assertThatThrownBy(() -> SecureXml.schemaFactory("").newSchema(new StreamSource(new StringReader(xsd))))
                .hasMessageContaining("accessExternalSchema");
    }
}
