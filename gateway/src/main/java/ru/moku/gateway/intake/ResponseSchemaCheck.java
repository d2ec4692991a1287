package ru.moku.gateway.intake;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.validation.Schema;
import javax.xml.validation.ValidatorHandler;
import org.w3c.dom.Document;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.NamespaceSupport;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Reads an SMEV response in one SAX pass that builds its DOM ({@link DomBuilder}) and, at the same time, validates
 * its {@code tns:Response} element against the SMEV 1.3 schemas (which also validate the service data in
 * {@code MessagePrimaryContent}, declared lax), keeping the first violation with the line and column of the original
 * text. (Validating a DOM node would lose positions; reading the text twice — DOM, then SAX for the validator — cost
 * a second parse.) Only the events of the {@code Response} subtree are fed to the validator, together with the
 * namespace declarations in scope there. The SAX reader and the validator come from {@link SecureXml}, the one place
 * of the XML security policy; each thread keeps its own reader, validator and document builder (none of them is
 * thread-safe), reused from one message to the next.
 */
final class ResponseSchemaCheck {

    /** Only fatal errors end the parse: a recoverable one does not, as with the DOM builder it replaces. */
    private static final ErrorHandler WELL_FORMEDNESS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) {
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };

    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";
    private static final DefaultHandler2 NOTHING = new DefaultHandler2();

    private final Schema schema;
    private final ThreadLocal<Parsers> parsers;

    ResponseSchemaCheck(Schema schema) {
        this.schema = schema;
        this.parsers = ThreadLocal.withInitial(Parsers::new);
    }

    /**
     * What one pass over a text gave.
     *
     * @param document  the document, as a namespace-aware DOM builder would have built it
     * @param violation the first schema violation inside {@code Response} ("line L, column C: message"), or
     *                  {@code null} (none, or no {@code ResponseMessage/Response} to validate)
     */
    record Pass(Document document, String violation) {
    }

    /**
     * Parses {@code xml} once into its DOM, validating {@code Response} on the way.
     *
     * @throws SAXException when the text is not well-formed (a {@link SAXParseException} with the position)
     */
    Pass read(String xml) throws SAXException, IOException {
        Parsers thread = parsers.get();
        DomBuilder dom = new DomBuilder(thread.documents.newDocument());
        FirstViolation first = new FirstViolation();
        ValidatorHandler validator = thread.validator();
        validator.setErrorHandler(first);
        XMLReader reader = thread.reader;
        reader.setContentHandler(new Tee(dom, new ResponseSubtree(validator, first)));
        reader.setProperty(LEXICAL_HANDLER, dom);
        reader.setErrorHandler(WELL_FORMEDNESS);
        try {
            reader.parse(new InputSource(new StringReader(xml)));
        } finally {
            if (first.message != null) {
                // Left in the middle of a document: not reused.
                thread.validator = null;
            }
            // The thread's reader keeps no reference to this document until its next message.
            reader.setContentHandler(NOTHING);
            reader.setProperty(LEXICAL_HANDLER, NOTHING);
        }
        return new Pass(dom.document(), first.message);
    }

    static String located(SAXParseException e) {
        return e.getLineNumber() > 0
                ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage()
                : e.getMessage();
    }

    /** One thread's parsers: none is thread-safe, each is reused for the thread's next message. */
    private final class Parsers {

        final XMLReader reader = SecureXml.xmlReader();
        final DocumentBuilder documents = SecureXml.documentBuilder();
        ValidatorHandler validator;

        ValidatorHandler validator() {
            if (validator == null) {
                validator = SecureXml.validatorHandler(schema);
            }
            return validator;
        }
    }

    /** Keeps the first validation error (warnings do not make a message invalid); the subtree stops feeding then. */
    private static final class FirstViolation implements ErrorHandler {

        String message;

        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) {
            if (message == null) {
                message = located(exception);
            }
        }

        @Override
        public void fatalError(SAXParseException exception) {
            error(exception);
        }
    }

    /** Every SAX content event to the DOM builder, then to the schema check. */
    private static final class Tee implements ContentHandler {

        private final ContentHandler first;
        private final ContentHandler second;

        Tee(ContentHandler first, ContentHandler second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            first.setDocumentLocator(locator);
            second.setDocumentLocator(locator);
        }

        @Override
        public void startDocument() throws SAXException {
            first.startDocument();
            second.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            first.endDocument();
            second.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            first.startPrefixMapping(prefix, uri);
            second.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            first.endPrefixMapping(prefix);
            second.endPrefixMapping(prefix);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            first.startElement(uri, localName, qName, atts);
            second.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            first.endElement(uri, localName, qName);
            second.endElement(uri, localName, qName);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            first.characters(ch, start, length);
            second.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            first.ignorableWhitespace(ch, start, length);
            second.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            first.processingInstruction(target, data);
            second.processingInstruction(target, data);
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            first.skippedEntity(name);
            second.skippedEntity(name);
        }
    }

    /**
     * Forwards the events of the first {@code ResponseMessage/Response} element to a validator, as
     * a document of its own: the validator sees {@code Response} as its root, with the namespace
     * declarations of its ancestors replayed and the original locator for positions.
     */
    private static final class ResponseSubtree extends DefaultHandler {

        private static final String RESPONSE_MESSAGE = "{" + Namespaces.SMEV_TYPES + "}ResponseMessage";

        private final ContentHandler validator;
        private final FirstViolation violation;
        private final NamespaceSupport namespaces = new NamespaceSupport();
        private final List<String[]> pendingDeclarations = new ArrayList<>();
        private final Deque<String> parents = new ArrayDeque<>();
        private Locator locator;
        private List<String> replayedPrefixes = List.of();
        private int depth = -1;
        private boolean done;

        ResponseSubtree(ContentHandler validator, FirstViolation violation) {
            this.validator = validator;
            this.violation = violation;
        }

        /** Inside {@code Response}, and no violation found yet (after the first one the validator is left alone). */
        private boolean forwarding() {
            return depth >= 0 && violation.message == null;
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
            if (depth >= 0) {
                depth++;
                if (forwarding()) {
                    validator.startElement(uri, localName, qName, attributes);
                }
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
            if (depth >= 0) {
                if (forwarding()) {
                    validator.endElement(uri, localName, qName);
                }
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
            if (violation.message == null) {
                for (String prefix : replayedPrefixes) {
                    validator.endPrefixMapping(prefix);
                }
                validator.endDocument();
            }
            depth = -1;
            done = true;
        }
    }
}
