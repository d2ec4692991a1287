package ru.moku.smev.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.apache.xml.security.signature.XMLSignatureByteInput;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.TransformSpi;
import org.apache.xml.security.transforms.TransformationException;
import org.w3c.dom.Element;

/**
 * SMEV's normalising transform {@code urn://smev-gov-ru/xmldsig/transform}, registered in Santuario by
 * {@link SmevXmlSecurity}. It makes the signed bytes independent of how an intermediary re-serialised the XML
 * (prefixes, whitespace between elements, empty-element form, attribute order). The rules, from SMEV's
 * "Методические рекомендации по работе с ЕСМЭВ" (see the module README):
 * <ol>
 * <li>the XML declaration, processing instructions and comments are dropped;</li>
 * <li>a text node of whitespace only (space, tab, CR, LF) is dropped; other text is kept unchanged;</li>
 * <li>every element is written as a start and an end tag, never in the empty-element form;</li>
 * <li>every namespace prefix, of elements and of attributes, is replaced by {@code ns1}, {@code ns2}, … — numbered
 *     in the order the namespaces are first needed, one counter for the whole document — declared on the element that
 *     first needs it within its scope (an ancestor's declaration is reused), before the attributes; declarations
 *     nothing uses disappear, and no default namespace is ever declared;</li>
 * <li>attributes are sorted by namespace URI and then local name, attributes without a namespace after those with
 *     one;</li>
 * <li>the result is UTF-8; text escapes {@code & < >}, attribute values {@code & < > "}.</li>
 * </ol>
 * The input is an octet stream (SMEV puts exclusive C14N before this transform) or a node set, which Santuario
 * canonicalises into one first. Prefixes inside attribute values or text (e.g. {@code xsi:type="x:T"}) are not
 * rewritten, as in SMEV's own implementation.
 *
 * <p>Public only because Santuario instantiates it by reflection; {@link #apply(InputStream, OutputStream)} is the
 * transform on its own.
 */
public final class SmevTransform extends TransformSpi {

    private static final String PREFIX = "ns";
    private static final XMLInputFactory INPUT = inputFactory();

    /** Namespaced attributes first; within each group by namespace URI, then local name. */
    private static final Comparator<Attribute> ATTRIBUTE_ORDER = Comparator
            .comparing((Attribute a) -> a.namespace().isEmpty())
            .thenComparing(Attribute::namespace)
            .thenComparing(Attribute::localName);

    @Override
    protected String engineGetURI() {
        return SmevXmlSecurity.SMEV_TRANSFORM;
    }

    @Override
    protected XMLSignatureInput enginePerformTransform(XMLSignatureInput input, OutputStream os,
            Element transformElement, String baseURI, boolean secureValidation)
            throws IOException, CanonicalizationException, TransformationException {
        byte[] in = input.getBytes();
        try {
            XMLSignatureInput result;
            if (os == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
                apply(new ByteArrayInputStream(in), out);
                result = new XMLSignatureByteInput(out.toByteArray());
            } else {
                // The last transform of a reference writes straight into the digest.
                apply(new ByteArrayInputStream(in), os);
                result = new XMLSignatureByteInput(new byte[0]);
                result.setOutputStream(os);
            }
            result.setSecureValidation(secureValidation);
            return result;
        } catch (XMLStreamException e) {
            throw new TransformationException(e);
        }
    }

    /** Applies the transform to the XML in {@code in}, writing UTF-8 to {@code out} (not closed). */
    public static void apply(InputStream in, OutputStream out) throws XMLStreamException, IOException {
        XMLStreamReader reader = INPUT.createXMLStreamReader(in);
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            new Run(reader, writer).run();
            writer.flush();
        } finally {
            reader.close();
        }
    }

    /** The transform of {@code xml}, as a string (tests, diagnostics). */
    public static String apply(String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            apply(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), out);
        } catch (XMLStreamException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // The input is canonical XML or a parsed document: a DTD has no business here, and entities must not resolve.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private record Attribute(String namespace, String localName, String value) {
    }

    /** One pass over one document: the prefix counter and the scopes of generated prefixes. */
    private static final class Run {

        private final XMLStreamReader reader;
        private final Writer out;
        private final Deque<Map<String, String>> scopes = new ArrayDeque<>();
        private final Deque<String> openTags = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private int counter;

        Run(XMLStreamReader reader, Writer out) {
            this.reader = reader;
            this.out = out;
        }

        void run() throws XMLStreamException, IOException {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        flushText();
                        startElement();
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        flushText();
                        out.write("</");
                        out.write(openTags.pop());
                        out.write('>');
                        scopes.pop();
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    // Declaration, processing instructions, comments, DTD: none of them is signed.
                    default -> {
                    }
                }
            }
            flushText();
        }

        private void startElement() throws IOException {
            Map<String, String> declared = new HashMap<>();
            scopes.push(declared);
            List<String[]> declarations = new ArrayList<>();
            String tag = qualified(nullToEmpty(reader.getNamespaceURI()), reader.getLocalName(), declared, declarations);

            List<Attribute> attributes = new ArrayList<>(reader.getAttributeCount());
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                attributes.add(new Attribute(nullToEmpty(reader.getAttributeNamespace(i)),
                        reader.getAttributeLocalName(i), reader.getAttributeValue(i)));
            }
            attributes.sort(ATTRIBUTE_ORDER);
            List<String> attributeNames = new ArrayList<>(attributes.size());
            for (Attribute attribute : attributes) {
                attributeNames.add(qualified(attribute.namespace(), attribute.localName(), declared, declarations));
            }

            out.write('<');
            out.write(tag);
            for (String[] declaration : declarations) {
                out.write(" xmlns:");
                out.write(declaration[0]);
                out.write("=\"");
                escape(declaration[1], true);
                out.write('"');
            }
            for (int i = 0; i < attributes.size(); i++) {
                out.write(' ');
                out.write(attributeNames.get(i));
                out.write("=\"");
                escape(attributes.get(i).value(), true);
                out.write('"');
            }
            out.write('>');
            openTags.push(tag);
        }

        /** The output name of a (namespace, local name), declaring a new prefix on the current element if needed. */
        private String qualified(String namespace, String localName, Map<String, String> declared,
                List<String[]> declarations) {
            if (namespace.isEmpty()) {
                return localName;
            }
            String prefix = prefixInScope(namespace);
            if (prefix == null) {
                prefix = PREFIX + (++counter);
                declared.put(namespace, prefix);
                declarations.add(new String[] {prefix, namespace});
            }
            return prefix + ':' + localName;
        }

        private String prefixInScope(String namespace) {
            for (Map<String, String> scope : scopes) {
                String prefix = scope.get(namespace);
                if (prefix != null) {
                    return prefix;
                }
            }
            return null;
        }

        private void flushText() throws IOException {
            if (text.isEmpty()) {
                return;
            }
            if (!isWhitespace(text)) {
                escape(text, false);
            }
            text.setLength(0);
        }

        private static boolean isWhitespace(CharSequence chars) {
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        private void escape(CharSequence chars, boolean attribute) throws IOException {
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                switch (c) {
                    case '&' -> out.write("&amp;");
                    case '<' -> out.write("&lt;");
                    case '>' -> out.write("&gt;");
                    case '"' -> out.write(attribute ? "&quot;" : "\"");
                    default -> out.write(c);
                }
            }
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }
    }
}
