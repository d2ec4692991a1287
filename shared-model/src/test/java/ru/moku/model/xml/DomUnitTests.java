package ru.moku.model.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class DomUnitTests {

    private static final String NS = "urn://example/1.0";

    private static Element root(String xml) throws Exception {
        return SecureXml.parse(new StringReader(xml)).getDocumentElement();
    }

    @Test
    void childrenAreFoundByNamespaceAndLocalName() throws Exception {
        Element root = root("<a:Root xmlns:a='" + NS + "'><a:Item>1</a:Item><Plain> 2 </Plain><a:Item>3</a:Item></a:Root>");

        assertThat(Dom.childrenNamed(root, NS, "Item")).extracting(Dom::text).containsExactly("1", "3");
        assertThat(Dom.child(root, "", "Plain")).map(Dom::text).contains("2");
        assertThat(Dom.child(root, NS, "Plain")).isEmpty();
        assertThat(Dom.childText(root, "", "Plain")).contains("2");
        assertThat(Dom.children(root)).hasSize(3);
        assertThat(Dom.firstChildElement(root)).map(Dom::qualifiedName).contains("{" + NS + "}Item");
    }

    @Test
    void aBlankOrMissingChildHasNoText() throws Exception {
        Element root = root("<Root><Blank>  </Blank></Root>");

        assertThat(Dom.childText(root, "", "Blank")).isEmpty();
        assertThat(Dom.childText(root, "", "Missing")).isEmpty();
        assertThat(Dom.is(null, "", "Root")).isFalse();
        assertThat(Dom.qualifiedName(root)).isEqualTo("Root (no namespace)");
    }
}
