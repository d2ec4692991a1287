package ru.moku.gateway.intake;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.NamespaceSupport;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Validates the {@code tns:Response} element of an SMEV response against the SMEV 1.3 schemas
 * (which also validate the service data in {@code MessagePrimaryContent}, declared lax) and reports
 * the first violation with the line and column of the original text.
 *
 * <p>Validating a DOM node loses positions, so the text is read once more with SAX and only the
 * events of the {@code Response} subtree are fed to the validator, together with the namespace
 * declarations in scope there. The SAX reader and the validator come from {@link SecureXml}, the one
 * place of the XML security policy (and only run on documents its DOM parser accepted).
 */
final class ResponseSchemaCheck {

    private static final ErrorHandler STOP_AT_FIRST_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // Warnings (e.g. about lax content) do not make a message invalid.
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };

    private final Schema schema;

    ResponseSchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** The first schema violation inside {@code Response} ("line L, column C: message"), or empty. */
    Optional<String> violation(String xml) {
        ValidatorHandler validator = newValidator();
        try {
            XMLReader reader = SecureXml.xmlReader();
            reader.setErrorHandler(STOP_AT_FIRST_ERROR);
            reader.setContentHandler(new ResponseSubtree(validator));
            reader.parse(new InputSource(new StringReader(xml)));
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of(located(e));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("cannot validate an in-memory document: " + e.getMessage(), e);
        }
    }

    static String located(SAXParseException e) {
        return e.getLineNumber() > 0
                ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage()
                : e.getMessage();
    }

    private ValidatorHandler newValidator() {
        ValidatorHandler validator = SecureXml.validatorHandler(schema);
        validator.setErrorHandler(STOP_AT_FIRST_ERROR);
        return validator;
    }

    /**
     * Forwards the events of the first {@code ResponseMessage/Response} element to a validator, as
     * a document of its own: the validator sees {@code Response} as its root, with the namespace
     * declarations of its ancestors replayed and the original locator for positions.
     */
    private static final class ResponseSubtree extends DefaultHandler {

        private static final String RESPONSE_MESSAGE = "{" + Namespaces.SMEV_TYPES + "}ResponseMessage";

        private final ContentHandler validator;
        private final NamespaceSupport namespaces = new NamespaceSupport();
        private final List<String[]> pendingDeclarations = new ArrayList<>();
        private final Deque<String> parents = new ArrayDeque<>();
        private Locator locator;
        private List<String> replayedPrefixes = List.of();
        private int depth = -1;
        private boolean done;

        ResponseSubtree(ContentHandler validator) {
            this.validator = validator;
        }

        private boolean forwarding() {
            return depth >= 0;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            pendingDeclarations.add(new String[] {prefix, uri});
            if (forwarding()) {
                validator.startPrefixMapping(prefix, uri);
            }
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            if (forwarding()) {
                validator.endPrefixMapping(prefix);
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            namespaces.pushContext();
            for (String[] declaration : pendingDeclarations) {
                namespaces.declarePrefix(declaration[0], declaration[1]);
            }
            pendingDeclarations.clear();
            if (forwarding()) {
                depth++;
                validator.startElement(uri, localName, qName, attributes);
            } else if (!done && Namespaces.SMEV_TYPES.equals(uri) && "Response".equals(localName)
                    && RESPONSE_MESSAGE.equals(parents.peek())) {
                startSubtree();
                depth = 0;
                validator.startElement(uri, localName, qName, attributes);
            }
            parents.push("{" + uri + "}" + localName);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            parents.pop();
            if (forwarding()) {
                validator.endElement(uri, localName, qName);
                if (depth == 0) {
                    endSubtree();
                } else {
                    depth--;
                }
            }
            namespaces.popContext();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (forwarding()) {
                validator.characters(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (forwarding()) {
                validator.ignorableWhitespace(ch, start, length);
            }
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            if (forwarding()) {
                validator.processingInstruction(target, data);
            }
        }

        private void startSubtree() throws SAXException {
            if (locator != null) {
                validator.setDocumentLocator(locator);
            }
            validator.startDocument();
            List<String> prefixes = new ArrayList<>(Collections.list(namespaces.getPrefixes()));
            prefixes.remove("xml");
            if (namespaces.getURI("") != null) {
                prefixes.add("");
            }
            for (String prefix : prefixes) {
                validator.startPrefixMapping(prefix, namespaces.getURI(prefix));
            }
            replayedPrefixes = prefixes;
        }

        private void endSubtree() throws SAXException {
            for (String prefix : replayedPrefixes) {
                validator.endPrefixMapping(prefix);
            }
            validator.endDocument();
            depth = -1;
            done = true;
        }
    }
}
