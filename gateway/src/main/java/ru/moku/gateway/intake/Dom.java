package ru.moku.gateway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Small DOM helpers: element children by namespace and local name. */
final class Dom {

    private Dom() {
    }

    static boolean is(Element element, String namespace, String localName) {
        return element != null && namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }

    static Optional<Element> firstChild(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && is(element, namespace, localName)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    static List<Element> childrenNamed(Element parent, String namespace, String localName) {
        List<Element> matching = new ArrayList<>();
        for (Element element : children(parent)) {
            if (is(element, namespace, localName)) {
                matching.add(element);
            }
        }
        return matching;
    }

    /** Text of an optional child, stripped; empty when the child is absent or blank. */
    static Optional<String> childText(Element parent, String namespace, String localName) {
        return child(parent, namespace, localName).map(Element::getTextContent).map(String::strip)
                .filter(text -> !text.isEmpty());
    }

    /** {@code {namespace}localName}, the way problem details name elements. */
    static String name(Element element) {
        String namespace = element.getNamespaceURI();
        String local = element.getLocalName() == null ? element.getNodeName() : element.getLocalName();
        return namespace == null ? local + " (no namespace)" : "{" + namespace + "}" + local;
    }
}
