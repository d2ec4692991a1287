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
 * "Методические рекомендации по работе с ЕСМЭВ" ("Алгоритм трансформации XML"; the module README lists them with
 * where each comes from):
 * <ol>
 * <li>the XML declaration, processing instructions and comments are dropped;</li>
 * <li>a text node made only of characters up to U+0020 (space, tab, CR, LF, …) is dropped; other text is kept;</li>
 * <li>every element is written as a start and an end tag, never in the empty-element form;</li>
 * <li>every namespace prefix, of elements and of attributes, is replaced by {@code ns1}, {@code ns2}, … — one counter
 *     for the whole fragment, in the order the namespaces are first needed — declared on the element that needs it
 *     unless an ancestor's (generated) declaration is in scope; the source's declarations are not copied, so unused
 *     ones disappear and no default namespace is ever declared. An element in no namespace is treated like any other
 *     (it gets a prefix bound to the empty URI), as SMEV's own Java implementation does;</li>
 * <li>attributes are sorted by namespace URI and then local name; attributes without a namespace come after those with
 *     one and keep no prefix;</li>
 * <li>namespace declarations come before the attributes: the element's first, then those of the attributes in the
 *     attributes' order;</li>
 * <li>the output is UTF-8 and escapes as SMEV's rules (step 9, tables 6, 7 and 9) say: in text {@code & < CR} always
 *     ({@code &amp; &lt; &#xd;}), {@code >} only at the start of a block or after {@code ]} — and in blocks of 12 or
 *     more characters also right after another escaped character — text being taken in blocks of 512 characters;
 *     in attribute values {@code & < " CR LF TAB} ({@code &amp; &lt; &quot; &#xd; &#xa; &#x9;}), never {@code >}.</li>
 * </ol>
 * The input is an octet stream (SMEV puts exclusive C14N before this transform) or a node set, which Santuario
 * canonicalises first. Adjacent text (CDATA included) is one text node. Prefixes inside attribute values or text
 * (e.g. {@code xsi:type="x:T"}) are not rewritten, as in SMEV's own implementation.
 *
 * <p>Public only because Santuario instantiates it by reflection; {@link #apply(InputStream, OutputStream)} is the
 * transform on its own.
 */
public final class SmevTransform extends TransformSpi {

    private static final String PREFIX = "ns";
    /** Text is escaped in blocks of this many characters (SMEV's step 9; the StAX writer SMEV runs on copies so). */
    private static final int TEXT_CHUNK = 512;
    /** From this block length on, an escaped character also starts a new segment for the {@code >} rule. */
    private static final int LONG_BLOCK = 12;
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
            String tag = prefixed(nullToEmpty(reader.getNamespaceURI()), reader.getLocalName(), declared, declarations);

            List<Attribute> attributes = new ArrayList<>(reader.getAttributeCount());
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                attributes.add(new Attribute(nullToEmpty(reader.getAttributeNamespace(i)),
                        reader.getAttributeLocalName(i), reader.getAttributeValue(i)));
            }
            attributes.sort(ATTRIBUTE_ORDER);
            List<String> attributeNames = new ArrayList<>(attributes.size());
            for (Attribute attribute : attributes) {
                attributeNames.add(attribute.namespace().isEmpty()
                        ? attribute.localName()
                        : prefixed(attribute.namespace(), attribute.localName(), declared, declarations));
            }

            out.write('<');
            out.write(tag);
            for (String[] declaration : declarations) {
                out.write(" xmlns:");
                out.write(declaration[0]);
                out.write("=\"");
                escapeAttribute(declaration[1]);
                out.write('"');
            }
            for (int i = 0; i < attributes.size(); i++) {
                out.write(' ');
                out.write(attributeNames.get(i));
                out.write("=\"");
                escapeAttribute(attributes.get(i).value());
                out.write('"');
            }
            out.write('>');
            openTags.push(tag);
        }

        /** The output name of a (namespace, local name), declaring a new prefix on the current element if needed. */
        private String prefixed(String namespace, String localName, Map<String, String> declared,
                List<String[]> declarations) {
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
                escapeText(text);
            }
            text.setLength(0);
        }

        private static boolean isWhitespace(CharSequence chars) {
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                if (c > ' ') {
                    return false;
                }
            }
            return true;
        }

        private void escapeText(CharSequence chars) throws IOException {
            for (int chunk = 0; chunk < chars.length(); chunk += TEXT_CHUNK) {
                int end = Math.min(chars.length(), chunk + TEXT_CHUNK);
                boolean longBlock = end - chunk >= LONG_BLOCK;
                int segment = chunk;
                for (int i = chunk; i < end; i++) {
                    char c = chars.charAt(i);
                    String entity = switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '\r' -> "&#xd;";
                        // '>' only where it could end "]]>" or starts a segment (SMEV's step 9, tables 6 and 7).
                        case '>' -> i == segment || chars.charAt(i - 1) == ']' ? "&gt;" : null;
                        default -> null;
                    };
                    if (entity == null) {
                        out.write(c);
                    } else {
                        out.write(entity);
                        if (longBlock) {
                            segment = i + 1;
                        }
                    }
                }
            }
        }

        private void escapeAttribute(CharSequence chars) throws IOException {
            for (int i = 0; i < chars.length(); i++) {
                char c = chars.charAt(i);
                switch (c) {
                    case '&' -> out.write("&amp;");
                    case '<' -> out.write("&lt;");
                    case '"' -> out.write("&quot;");
                    case '\r' -> out.write("&#xd;");
                    case '\n' -> out.write("&#xa;");
                    case '\t' -> out.write("&#x9;");
                    default -> out.write(c);
                }
            }
        }

        private static String nullToEmpty(String s) {
            return s == null ? "" : s;
        }
    }
}
