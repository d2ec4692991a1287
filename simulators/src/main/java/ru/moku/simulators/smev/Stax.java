package ru.moku.simulators.smev;

import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writing XML with StAX: every document the simulator sends is produced here, so escaping and
 * namespace declarations are the writer's job, never string concatenation.
 *
 * <p>The writer repairs namespaces: an element or attribute written with a prefix and a namespace
 * gets its declaration wherever it is not yet in scope.
 */
final class Stax {

    /**
     * The JDK's own factory, not {@code XMLOutputFactory.newInstance()}, which looks for
     * {@code jaxp.properties} and service files on disk (a blocking read if first done on an event loop).
     */
    private static final XMLOutputFactory OUTPUT = newOutputFactory();

    private Stax() {
    }

    /** Something that writes XML content with a writer. */
    @FunctionalInterface
    interface Content {
        void writeTo(XMLStreamWriter writer) throws XMLStreamException;
    }

    /** A complete document (with an XML declaration, UTF-8) made of {@code root}. */
    static String document(Content root) {
        return write(writer -> {
            writer.writeStartDocument("UTF-8", "1.0");
            root.writeTo(writer);
            writer.writeEndDocument();
        });
    }

    /** A fragment without XML declaration, e.g. one element with its namespace declarations. */
    static String fragment(Content content) {
        return write(content);
    }

    /** Writes {@code <prefix:localName>text</prefix:localName>}. */
    static void element(XMLStreamWriter writer, String prefix, String namespace, String localName, String text)
            throws XMLStreamException {
        startElement(writer, prefix, namespace, localName);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }

    /**
     * Copies a parsed element (with its attributes, text and child elements; comments and processing
     * instructions are dropped) into {@code writer}.
     */
    static void copy(Element element, XMLStreamWriter writer) throws XMLStreamException {
        startElement(writer, nonNull(element.getPrefix()), nonNull(element.getNamespaceURI()), element.getLocalName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            copyAttribute((Attr) attributes.item(i), writer);
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> copy((Element) child, writer);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> writer.writeCharacters(child.getNodeValue());
                default -> {
                    // Comments and processing instructions carry no data for SMEV.
                }
            }
        }
        writer.writeEndElement();
    }

    /**
     * Starts an element; one in no namespace gets {@code xmlns=""} only where a default namespace is in
     * scope (the repairing writer would add it everywhere).
     */
    static void startElement(XMLStreamWriter writer, String prefix, String namespace, String localName)
            throws XMLStreamException {
        if (namespace.isEmpty() && nonNull(writer.getNamespaceContext().getNamespaceURI("")).isEmpty()) {
            writer.writeStartElement(localName);
        } else {
            writer.writeStartElement(prefix, localName, namespace);
        }
    }

    private static void copyAttribute(Attr attribute, XMLStreamWriter writer) throws XMLStreamException {
        String namespace = attribute.getNamespaceURI();
        if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
            // Declarations are kept even when no element uses them: attribute values may be QNames.
            if (attribute.getPrefix() == null) {
                writer.writeDefaultNamespace(attribute.getValue());
            } else {
                writer.writeNamespace(attribute.getLocalName(), attribute.getValue());
            }
        } else if (namespace == null) {
            writer.writeAttribute(attribute.getLocalName(), attribute.getValue());
        } else {
            writer.writeAttribute(nonNull(attribute.getPrefix()), namespace, attribute.getLocalName(),
                    attribute.getValue());
        }
    }

    private static String write(Content content) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(out);
            content.writeTo(writer);
            writer.close();
        } catch (XMLStreamException e) {
            // Writing into a StringWriter fails only on a programming error (e.g. an unbalanced end tag).
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static XMLOutputFactory newOutputFactory() {
        XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();
        factory.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, true);
        return factory;
    }
}
