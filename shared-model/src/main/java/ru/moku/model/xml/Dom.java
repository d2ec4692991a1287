package ru.moku.model.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Small lookups in namespace-aware DOM trees (as {@link SecureXml} builds them): child elements by namespace and
 * local name, their text, and an element's name for messages. A namespace of {@code ""} means "no namespace".
 */
public final class Dom {

    private Dom() {
    }

    /** Whether {@code element} is {@code {namespace}localName}; {@code false} for {@code null}. */
    public static boolean is(Element element, String namespace, String localName) {
        if (element == null) {
            return false;
        }
        String actual = element.getNamespaceURI();
        return namespace.equals(actual == null ? "" : actual) && localName.equals(element.getLocalName());
    }

    /** The child elements of {@code parent}, in document order. */
    public static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    /** The first child element of {@code parent}, whatever its name. */
    public static Optional<Element> firstChildElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** The first child element {@code {namespace}localName} of {@code parent}. */
    public static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && is(element, namespace, localName)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    /** Every child element {@code {namespace}localName} of {@code parent}, in document order. */
    public static List<Element> childrenNamed(Element parent, String namespace, String localName) {
        List<Element> matching = new ArrayList<>();
        for (Element element : children(parent)) {
            if (is(element, namespace, localName)) {
                matching.add(element);
            }
        }
        return matching;
    }

    /** The element's text, stripped. */
    public static String text(Element element) {
        return element.getTextContent().strip();
    }

    /** Text of an optional child, stripped; empty when the child is absent or blank. */
    public static Optional<String> childText(Element parent, String namespace, String localName) {
        return child(parent, namespace, localName).map(Dom::text).filter(text -> !text.isEmpty());
    }

    /** {@code {namespace}localName}, or {@code localName (no namespace)}: how messages and problems name elements. */
    public static String qualifiedName(Element element) {
        String namespace = element.getNamespaceURI();
        String local = element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
        return namespace == null ? local + " (no namespace)" : "{" + namespace + "}" + local;
    }
}
