package ru.moku.model.xml;

import java.io.InputStream;
import java.io.Reader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.XMLReader;

/**
 * XML parsers that are safe against what arrives from outside: no DOCTYPE at all (so no entity
 * expansion, no XXE), no external DTD or schema access, no XInclude. The one place of the
 * platform where that policy is written down: DOM and SAX parsers, schema factories, validators
 * and transformers all come from here.
 *
 * <p>Factories are configured once and are thread-safe; builders are cheap and per call.
 */
public final class SecureXml {

    /** The features that make a DOM or SAX parser safe, each set to the value given (declared first: used below). */
    private static final Map<String, Boolean> PARSER_FEATURES = parserFeatures();

    private static final DocumentBuilderFactory DOCUMENTS = newDocumentBuilderFactory();
    private static final SAXParserFactory SAX_PARSERS = newSaxParserFactory();

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

    /**
     * A namespace-aware SAX reader that rejects any DOCTYPE, for reading with positions (line, column) what
     * {@link #documentBuilder()} would accept. Not thread-safe: one per parse.
     */
    public static XMLReader xmlReader() {
        try {
            return SAX_PARSERS.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("SAX parser cannot be configured securely", e);
        }
    }

    /**
     * A schema factory (W3C XML Schema) that fetches nothing external except through {@code schemaAccess}:
     * {@code ""} for none (an XSD read from a stream that imports nothing), or e.g. {@code "file,jar:file,nested"}
     * for our own XSDs that import each other from the class path (a plain jar or one nested in a Spring Boot jar).
     * DTDs are never fetched. Compile schemas at start-up, never on a request thread.
     */
    public static SchemaFactory schemaFactory(String schemaAccess) {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, Objects.requireNonNull(schemaAccess, "schemaAccess"));
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("XML schema factory cannot be configured securely", e);
        }
        return factory;
    }

    /**
     * A streaming validator for {@code schema} (fed SAX events) that refuses to fetch anything external. Not
     * thread-safe.
     */
    public static ValidatorHandler validatorHandler(Schema schema) {
        ValidatorHandler validator = Objects.requireNonNull(schema, "schema").newValidatorHandler();
        refuseExternalAccess(validator::setProperty);
        return validator;
    }

    /** A validator for {@code schema} that refuses to fetch anything external. Not thread-safe. */
    public static Validator validator(Schema schema) {
        Validator validator = Objects.requireNonNull(schema, "schema").newValidator();
        refuseExternalAccess(validator::setProperty);
        return validator;
    }

    /** Something that takes JAXP properties: a {@link Validator} or a {@link ValidatorHandler}. */
    @FunctionalInterface
    private interface PropertySetter {
        void set(String name, Object value) throws SAXNotRecognizedException, SAXNotSupportedException;
    }

    /** Neither DTDs nor schemas may be fetched while validating. */
    private static void refuseExternalAccess(PropertySetter properties) {
        try {
            properties.set(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            properties.set(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("XML validator cannot be configured securely", e);
        }
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
            for (Map.Entry<String, Boolean> feature : PARSER_FEATURES.entrySet()) {
                factory.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be configured securely", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static SAXParserFactory newSaxParserFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        try {
            for (Map.Entry<String, Boolean> feature : PARSER_FEATURES.entrySet()) {
                factory.setFeature(feature.getKey(), feature.getValue());
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("SAX parser cannot be configured securely", e);
        }
        return factory;
    }

    private static Map<String, Boolean> parserFeatures() {
        Map<String, Boolean> features = new LinkedHashMap<>();
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // No DOCTYPE at all: no entity expansion (billion laughs), no external entities (XXE).
        features.put("http://apache.org/xml/features/disallow-doctype-decl", true);
        features.put("http://xml.org/sax/features/external-general-entities", false);
        features.put("http://xml.org/sax/features/external-parameter-entities", false);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return Collections.unmodifiableMap(features);
    }
}
