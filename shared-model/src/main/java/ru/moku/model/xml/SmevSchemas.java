package ru.moku.model.xml;

import java.net.URL;
import java.util.Objects;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * The compiled schemas: SMEV 3 message exchange 1.3 together with every supported service-data
 * version, so that validating an SMEV element also validates the service data inside
 * {@code MessagePrimaryContent} (which SMEV declares {@code processContents="lax"}).
 *
 * <p>Compiled once (it reads the XSDs from the classpath); a {@link Schema} is immutable and
 * thread-safe. Load it at start-up, never on a request thread.
 */
public final class SmevSchemas {

    private static final String SMEV_TYPES = "xsd/smev/1.3/smev-message-exchange-types-1.3.xsd";
    private static final String SMEV_FAULTS = "xsd/smev/1.3/smev-message-exchange-faults-1.3.xsd";
    private static final String SERVICE_DATA = "xsd/service-data/1.0/service-data.xsd";

    private static volatile Schema schema;

    private SmevSchemas() {
    }

    /** SMEV 1.3 types + faults + service data 1.0. */
    public static Schema smevWithServiceData() {
        Schema local = schema;
        if (local == null) {
            synchronized (SmevSchemas.class) {
                local = schema;
                if (local == null) {
                    local = compile(SMEV_TYPES, SMEV_FAULTS, SERVICE_DATA);
                    schema = local;
                }
            }
        }
        return local;
    }

    /** The service-data schema alone. */
    public static Schema serviceData() {
        return compile(SERVICE_DATA);
    }

    private static Schema compile(String... resources) {
        // Our own XSDs import each other from the same jar (a plain jar, or nested in a Spring Boot jar);
        // nothing else may be fetched.
        SchemaFactory factory = SecureXml.schemaFactory("file,jar:file,nested");
        try {
            Source[] sources = new Source[resources.length];
            for (int i = 0; i < resources.length; i++) {
                URL url = Objects.requireNonNull(SmevSchemas.class.getClassLoader().getResource(resources[i]),
                        () -> "missing schema resource " + String.join(",", resources));
                sources[i] = new StreamSource(url.toExternalForm());
            }
            return factory.newSchema(sources);
        } catch (SAXException e) {
            throw new IllegalStateException("schemas do not compile: " + e.getMessage(), e);
        }
    }
}
