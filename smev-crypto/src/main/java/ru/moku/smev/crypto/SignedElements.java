package ru.moku.smev.crypto;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** SMEV marks what it signs with an attribute {@code Id} (no namespace); these find such elements. */
final class SignedElements {

    static final String ID_ATTRIBUTE = "Id";

    private SignedElements() {
    }

    /** Every element of {@code document} whose {@code Id} attribute is {@code id}, in document order. */
    static List<Element> withId(Document document, String id) {
        List<Element> found = new ArrayList<>(1);
        collect(document.getDocumentElement(), id, found);
        return found;
    }

    private static void collect(Element element, String id, List<Element> found) {
        if (element == null) {
            return;
        }
        if (element.hasAttributeNS(null, ID_ATTRIBUTE) && id.equals(element.getAttributeNS(null, ID_ATTRIBUTE))) {
            found.add(element);
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                collect(childElement, id, found);
            }
        }
    }

    /** The {@code Id} of {@code element}, or {@code null} if it has none. */
    static String idOf(Element element) {
        return element.hasAttributeNS(null, ID_ATTRIBUTE) ? element.getAttributeNS(null, ID_ATTRIBUTE) : null;
    }

    /** Lets Santuario resolve {@code #id} to this element (a parsed document has no DTD declaring IDs). */
    static void markId(Element element) {
        element.setIdAttributeNS(null, ID_ATTRIBUTE, true);
    }

    static String describe(Element element) {
        String id = idOf(element);
        return "<" + element.getLocalName() + (id == null ? "" : " Id=\"" + id + "\"") + ">";
    }
}
