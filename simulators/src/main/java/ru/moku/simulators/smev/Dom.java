package ru.moku.simulators.smev;

import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small lookups in namespace-aware DOM trees. */
final class Dom {

    private Dom() {
    }

    /** The first child element {@code {namespace}localName} of {@code parent}; namespace "" means none. */
    static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && is(element, namespace, localName)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** The first child element of {@code parent}, whatever its name. */
    static Optional<Element> firstChildElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** The element's text, trimmed. */
    static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** Whether {@code element} is {@code {namespace}localName}; namespace "" means none. */
    static boolean is(Element element, String namespace, String localName) {
        String actual = element.getNamespaceURI();
        return namespace.equals(actual == null ? "" : actual) && localName.equals(element.getLocalName());
    }

    /** {@code {namespace}localName}, for messages. */
    static String qualifiedName(Element element) {
        String namespace = element.getNamespaceURI();
        return (namespace == null ? "" : "{" + namespace + "}") + element.getLocalName();
    }
}
