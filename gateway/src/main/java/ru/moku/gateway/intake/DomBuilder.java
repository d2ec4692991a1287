package ru.moku.gateway.intake;

import javax.xml.XMLConstants;
import org.w3c.dom.CDATASection;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;
import org.xml.sax.Attributes;
import org.xml.sax.ext.LexicalHandler;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds the DOM a namespace-aware, non-coalescing {@code DocumentBuilder} would build, from SAX events: elements
 * and attributes with their namespaces and prefixes, namespace declarations as {@code xmlns} attributes (XML
 * signatures canonicalise them), adjacent text merged into one node, CDATA sections, comments and processing
 * instructions. So one SAX pass can feed the DOM and the schema validator at once.
 */
final class DomBuilder extends DefaultHandler implements LexicalHandler {

    private final Document document;
    private final java.util.List<String[]> declarations = new java.util.ArrayList<>();
    private Node current;
    private CDATASection cdata;
    private boolean inCdata;

    DomBuilder(Document document) {
        this.document = document;
        this.current = document;
    }

    Document document() {
        return document;
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) {
        declarations.add(new String[] {prefix, uri});
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
        Element element = document.createElementNS(uri == null || uri.isEmpty() ? null : uri, qName);
        for (String[] declaration : declarations) {
            element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI,
                    declaration[0].isEmpty() ? "xmlns" : "xmlns:" + declaration[0], declaration[1]);
        }
        declarations.clear();
        for (int i = 0; i < attributes.getLength(); i++) {
            String attributeUri = attributes.getURI(i);
            element.setAttributeNS(attributeUri == null || attributeUri.isEmpty() ? null : attributeUri,
                    attributes.getQName(i), attributes.getValue(i));
        }
        current.appendChild(element);
        current = element;
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        current = current.getParentNode();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (current == document) {
            return;
        }
        String data = new String(ch, start, length);
        if (inCdata) {
            cdata.appendData(data);
            return;
        }
        Node last = current.getLastChild();
        if (last instanceof Text text && last.getNodeType() == Node.TEXT_NODE) {
            text.appendData(data);
        } else {
            current.appendChild(document.createTextNode(data));
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) {
        current.appendChild(document.createProcessingInstruction(target, data));
    }

    @Override
    public void comment(char[] ch, int start, int length) {
        current.appendChild(document.createComment(new String(ch, start, length)));
    }

    @Override
    public void startCDATA() {
        inCdata = true;
        cdata = document.createCDATASection("");
        current.appendChild(cdata);
    }

    @Override
    public void endCDATA() {
        inCdata = false;
        cdata = null;
    }

    @Override
    public void startDTD(String name, String publicId, String systemId) {
        // Never called: the parser refuses any DOCTYPE.
    }

    @Override
    public void endDTD() {
    }

    @Override
    public void startEntity(String name) {
    }

    @Override
    public void endEntity(String name) {
    }
}
