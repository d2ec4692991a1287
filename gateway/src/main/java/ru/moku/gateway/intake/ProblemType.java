package ru.moku.gateway.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Why an SMEV message is not acceptable: each class has its own RFC 9457 problem type
 * ({@code https://moku-platform/problems/<slug>}) and is stored in {@code raw_message.problem_type}.
 */
public enum ProblemType {
    /** Not well-formed XML (or not decodable text). */
    MALFORMED_XML("malformed-xml", "Malformed XML"),
    /** A DOCTYPE: DTDs and entity declarations are refused outright (XXE, entity expansion). */
    DTD_NOT_ALLOWED("dtd-not-allowed", "DTD not allowed"),
    /**
     * Not an SMEV response we know: an unknown root element or namespace, or service data in a
     * namespace (version) the gateway does not support.
     */
    WRONG_NAMESPACE("wrong-namespace", "Wrong namespace or unknown root element"),
    /** Violates the SMEV 1.3 schemas or the service-data schema inside {@code MessagePrimaryContent}. */
    SCHEMA_VIOLATION("schema-violation", "Schema violation"),
    /** A {@code GetResponseResponse} without a message: SMEV's queue was empty, there is nothing to take. */
    EMPTY_RESPONSE("empty-response", "Empty GetResponseResponse"),
    /** A valid SMEV response without {@code MessagePrimaryContent} (a rejection or a status): no cards in it. */
    NO_SERVICE_DATA("no-service-data", "No service data"),
    /**
     * An XML signature SMEV requires is missing or does not verify (changed content, untrusted certificate, a
     * reference that does not cover what it must): stored, never processed (issue 10).
     */
    SIGNATURE_INVALID("signature-invalid", "Signature invalid");

    private final String slug;
    private final String title;

    ProblemType(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    /** Last segment of the problem type URI, also stored in {@code raw_message.problem_type} and shown to operators. */
    @JsonValue
    public String slug() {
        return slug;
    }

    /** The problem type stored as {@code slug}. */
    public static ProblemType ofSlug(String slug) {
        return Arrays.stream(values()).filter(type -> type.slug.equals(slug)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no problem type with slug " + slug));
    }

    public String title() {
        return title;
    }
}
