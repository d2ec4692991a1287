package ru.moku.simulators.smev;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes a SOAP envelope as MTOM, the way SMEV answers: {@code multipart/related; type="application/xop+xml"}, the
 * envelope in the root part ({@code application/xop+xml; type="text/xml"}, named by {@code start}), each binary in a
 * part of its own that the envelope refers to with {@code xop:Include href="cid:…"} (W3C SOAP MTOM / XOP,
 * RFC 2387 multipart/related).
 *
 * <p>With {@code splitStart} the {@code start} parameter is written in RFC 2231 continuations
 * ({@code start*0="<root."; start*1="message@…>"}), as some SMEV adapters' MIME libraries write long parameters:
 * a reader must join them.
 */
final class MtomWriter {

    /** The root part's {@code Content-ID}, without angle brackets. */
    static final String ROOT_CONTENT_ID = "root.message@" + Attachment.CONTENT_ID_DOMAIN;
    /** SOAP 1.1: the root part's {@code type} and the message's {@code start-info}. */
    static final String SOAP_TYPE = "text/xml";

    private static final String CRLF = "\r\n";

    private MtomWriter() {
    }

    /**
     * A binary MIME part.
     *
     * @param contentId its {@code Content-ID} without angle brackets (what {@code cid:} names)
     * @param mimeType  its {@code Content-Type}
     * @param content   its bytes, sent as they are ({@code Content-Transfer-Encoding: binary})
     */
    record Part(String contentId, String mimeType, byte[] content) {

        Part {
            Objects.requireNonNull(contentId, "contentId");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A written multipart message.
     *
     * @param contentType the HTTP {@code Content-Type} header's value (boundary, type, start, start-info)
     * @param body        the HTTP body
     */
    record Multipart(String contentType, byte[] body) {
    }

    /** {@code envelope} (UTF-8) as the root part, then {@code parts} in order, delimited by {@code boundary}. */
    static Multipart write(String envelope, List<Part> parts, String boundary, boolean splitStart) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        startPart(body, boundary, "application/xop+xml; charset=UTF-8; type=\"" + SOAP_TYPE + "\"", ROOT_CONTENT_ID);
        body.writeBytes(envelope.getBytes(StandardCharsets.UTF_8));
        for (Part part : parts) {
            body.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
            startPart(body, boundary, part.mimeType(), part.contentId());
            body.writeBytes(part.content());
        }
        body.writeBytes((CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII));
        return new Multipart(contentType(boundary, splitStart), body.toByteArray());
    }

    private static String contentType(String boundary, boolean splitStart) {
        String start = "<" + ROOT_CONTENT_ID + ">";
        String startParameter;
        if (splitStart) {
            int middle = start.indexOf('@');
            startParameter = "start*0=\"" + start.substring(0, middle) + "\"; start*1=\"" + start.substring(middle) + "\"";
        } else {
            startParameter = "start=\"" + start + "\"";
        }
        return "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary + "\"; " + startParameter
                + "; start-info=\"" + SOAP_TYPE + "\"";
    }

    private static void startPart(ByteArrayOutputStream body, String boundary, String contentType, String contentId) {
        String headers = "--" + boundary + CRLF
                + "Content-Type: " + contentType + CRLF
                + "Content-Transfer-Encoding: binary" + CRLF
                + "Content-ID: <" + contentId + ">" + CRLF
                + CRLF;
        body.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
    }
}
