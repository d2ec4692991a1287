package ru.moku.model.xml;

import java.io.InputStream;
import java.io.Reader;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * XML parsers that are safe against what arrives from outside: no DOCTYPE at all (so no entity
 * expansion, no XXE), no external DTD or schema access, no XInclude.
 *
 * <p>Factories are configured once and are thread-safe; builders are cheap and per call.
 */
public final class SecureXml {

    private static final DocumentBuilderFactory DOCUMENTS = newDocumentBuilderFactory();

    private SecureXml() {
    }

    /** A namespace-aware DOM builder that rejects any DOCTYPE. Not thread-safe: one per parse. */
    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilder builder = DOCUMENTS.newDocumentBuilder();
            // Silence the default handler, which prints to stderr; errors still arrive as exceptions.
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
    }

    /** A validator for {@code schema} that refuses to fetch anything external. Not thread-safe. */
    public static Validator validator(Schema schema) {
        Validator validator = Objects.requireNonNull(schema, "schema").newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("XML validator cannot be configured securely", e);
        }
        return validator;
    }

    /** A transformer factory for serialising DOM nodes, with external access disabled. */
    public static TransformerFactory transformerFactory() {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return factory;
    }

    /** Parses {@code in} with {@link #documentBuilder()}. */
    public static org.w3c.dom.Document parse(InputStream in) throws SAXException, java.io.IOException {
        return documentBuilder().parse(in);
    }

    /** Parses {@code in} with {@link #documentBuilder()}. */
    public static org.w3c.dom.Document parse(Reader in) throws SAXException, java.io.IOException {
        return documentBuilder().parse(new org.xml.sax.InputSource(in));
    }

    private static DocumentBuilderFactory newDocumentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }
}
