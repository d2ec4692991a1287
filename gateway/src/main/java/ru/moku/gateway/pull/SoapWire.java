package ru.moku.gateway.pull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;

/**
 * How a SOAP 1.1 request of ours goes on the wire ({@code moku.gateway.smev.send-as-mtom}):
 * <ul>
 *   <li>{@link #PLAIN} — the envelope as {@code text/xml; charset=UTF-8};</li>
 *   <li>{@link #MTOM} — as SMEV's adapters (JAX-WS/CXF with MTOM on) send it: a {@code multipart/related} XOP package,
 *       {@code type="application/xop+xml"}, {@code start-info="text/xml"}, whose one (root) part is the envelope as
 *       {@code application/xop+xml; charset=UTF-8; type="text/xml"}, named by {@code start}. Our requests carry no
 *       binary content, so the envelope is unchanged (no {@code xop:Include}) — a signature made before stays valid.</li>
 * </ul>
 */
public enum SoapWire {

    PLAIN {
        @Override
        public Body encode(String envelope) {
            return new Body(TEXT_XML_UTF8, envelope.getBytes(StandardCharsets.UTF_8));
        }
    },

    MTOM {
        @Override
        public Body encode(String envelope) {
            String id = UUID.randomUUID().toString();
            String boundary = "uuid:" + id;
            String rootId = "<root." + id + "@moku-platform>";
            ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length() + 512);
            write(out, "--" + boundary + CRLF
                    + "Content-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"" + CRLF
                    + "Content-Transfer-Encoding: binary" + CRLF
                    + "Content-ID: " + rootId + CRLF
                    + CRLF);
            out.writeBytes(envelope.getBytes(StandardCharsets.UTF_8));
            write(out, CRLF + "--" + boundary + "--" + CRLF);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("type", quoted("application/xop+xml"));
            parameters.put("boundary", quoted(boundary));
            parameters.put("start", quoted(rootId));
            parameters.put("start-info", quoted("text/xml"));
            return new Body(new MediaType("multipart", "related", parameters), out.toByteArray());
        }
    };

    /** SOAP 1.1's media type. */
    public static final MediaType TEXT_XML_UTF8 = MediaType.parseMediaType("text/xml;charset=UTF-8");
    private static final String CRLF = "\r\n";

    /** What is sent: the request's {@code Content-Type} and its body. */
    public record Body(MediaType contentType, byte[] bytes) {
    }

    /** The envelope ready to send. */
    public abstract Body encode(String envelope);

    /** The wire for {@code moku.gateway.smev.send-as-mtom}. */
    public static SoapWire of(boolean sendAsMtom) {
        return sendAsMtom ? MTOM : PLAIN;
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
