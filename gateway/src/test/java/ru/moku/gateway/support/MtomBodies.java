package ru.moku.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * MTOM bodies for tests ({@code multipart/related; type="application/xop+xml"}), written the way SMEV and its
 * adapters write them (W3C XOP 1.0, SOAP MTOM): a root part {@code application/xop+xml} with the envelope, one part per
 * attachment with its Content-ID; optionally the {@code start} parameter split RFC 2231-style.
 */
public final class MtomBodies {

    private final String boundary = "uuid:" + UUID.randomUUID();
    private final List<Part> parts = new ArrayList<>();
    private String rootId = "root.message@cxf.apache.org";
    private Charset rootCharset = StandardCharsets.UTF_8;
    private String rootType = "application/xop+xml";
    private boolean splitStart;
    private boolean withStart = true;

    /** A body. */
    public record Body(String contentType, byte[] bytes) {
    }

    private record Part(String contentId, String contentType, byte[] content) {
    }

    public static MtomBodies mtom() {
        return new MtomBodies();
    }

    /** The root's Content-ID. */
    public MtomBodies rootId(String id) {
        this.rootId = id;
        return this;
    }

    /** The root's charset (its bytes are encoded in it). */
    public MtomBodies rootCharset(Charset charset) {
        this.rootCharset = charset;
        return this;
    }

    /** The root part's MIME type (to break it). */
    public MtomBodies rootType(String type) {
        this.rootType = type;
        return this;
    }

    /** Split {@code start} RFC 2231-style: {@code start*0="<root…"; start*1="…>"}. */
    public MtomBodies splitStart() {
        this.splitStart = true;
        return this;
    }

    /** No {@code start} parameter: the first part is the root. */
    public MtomBodies withoutStart() {
        this.withStart = false;
        return this;
    }

    public MtomBodies attachment(String contentId, String contentType, byte[] content) {
        parts.add(new Part(contentId, contentType, content));
        return this;
    }

    /** The body with {@code rootXml} first. */
    public Body build(String rootXml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Part> all = new ArrayList<>();
        all.add(new Part(rootId, rootType + "; charset=" + rootCharset.name() + "; type=\"text/xml\"",
                rootXml.getBytes(rootCharset)));
        all.addAll(parts);
        for (Part part : all) {
            ascii(out, "--" + boundary + "\r\n");
            ascii(out, "Content-Type: " + part.contentType() + "\r\n");
            ascii(out, "Content-Transfer-Encoding: binary\r\n");
            ascii(out, "Content-ID: <" + part.contentId() + ">\r\n\r\n");
            out.writeBytes(part.content());
            ascii(out, "\r\n");
        }
        ascii(out, "--" + boundary + "--\r\n");
        String start = "<" + rootId + ">";
        String startParameter = !withStart ? ""
                : splitStart ? "; start*0=\"" + start.substring(0, start.length() / 2) + "\"; start*1=\""
                        + start.substring(start.length() / 2) + "\""
                : "; start=\"" + start + "\"";
        String contentType = "multipart/related; type=\"application/xop+xml\"; boundary=\"" + boundary + "\""
                + startParameter + "; start-info=\"text/xml\"";
        return new Body(contentType, out.toByteArray());
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
