package ru.moku.simulators.smev;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import ru.moku.model.xml.Namespaces;

/**
 * Changes a signed response the way an intermediary's fault or an attack would: the service data's text, after both
 * signatures were made, so SenderInformationSystemSignature and SMEVSignature report a digest mismatch. The change
 * keeps the document schema-valid (a receiver must find it by the signature, not by validation).
 */
final class Tampering {

    /** Appended to the text that is changed. */
    static final String MARK = " (изменено)";

    private Tampering() {
    }

    /**
     * Appends {@link #MARK} to the first {@code Name} of the service data (the organisation's name), or else to the
     * first non-blank text inside {@code SenderProvidedResponseData} after its {@code MessageID} and {@code To}.
     */
    static void alter(Element response) {
        Element data = firstChild(response, "SenderProvidedResponseData");
        if (data == null) {
            throw new IllegalArgumentException("no SenderProvidedResponseData to tamper with");
        }
        Element target = first(data, "Name");
        if (target == null) {
            target = firstText(data);
        }
        if (target == null) {
            throw new IllegalArgumentException("nothing in SenderProvidedResponseData to tamper with");
        }
        target.setTextContent(target.getTextContent() + MARK);
    }

    private static Element firstChild(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())
                    && Namespaces.SMEV_TYPES.equals(element.getNamespaceURI())) {
                return element;
            }
        }
        return null;
    }

    private static Element first(Element root, String localName) {
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (localName.equals(element.getLocalName())) {
                    return element;
                }
                Element found = first(element, localName);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Element firstText(Element root) {
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if ("MessageID".equals(element.getLocalName()) || "To".equals(element.getLocalName())) {
                    continue;
                }
                if (!hasElementChildren(element) && !element.getTextContent().isBlank()) {
                    return element;
                }
                Element found = firstText(element);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean hasElementChildren(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }
}
