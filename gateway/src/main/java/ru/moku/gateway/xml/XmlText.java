package ru.moku.gateway.xml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;

/**
 * Turns a pushed body into text the way an XML parser would: a byte order mark first, then the
 * charset of the Content-Type, then the encoding of the XML declaration, UTF-8 by default. Bytes
 * that are not valid in that encoding are reported, not silently replaced.
 */
public final class XmlText {

    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

    private XmlText() {
    }

    /**
     * The decoded text.
     *
     * @param text    the text; when the bytes are not valid in their encoding, decoded leniently
     *                (U+FFFD for what is broken) so that the body can still be stored
     * @param problem why the bytes are not text, or {@code null}
     */
    public record Decoded(String text, String problem) {
    }

    public static Decoded decode(byte[] bytes, MediaType contentType) {
        Charset charset;
        int offset = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            offset = 3;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            offset = 2;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            offset = 2;
        } else {
            Optional<String> named = Optional.ofNullable(contentType).map(MediaType::getParameters)
                    .map(parameters -> parameters.get("charset"))
                    .or(() -> declaredEncoding(bytes));
            if (named.isPresent()) {
                try {
                    charset = Charset.forName(named.get().replace("\"", ""));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return new Decoded(new String(bytes, StandardCharsets.ISO_8859_1),
                            "unsupported character encoding '" + named.get() + "'");
                }
            } else {
                charset = StandardCharsets.UTF_8;
            }
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        try {
            return new Decoded(decoder.decode(buffer).toString(), null);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(bytes, offset, bytes.length - offset, charset),
                    "byte " + (offset + buffer.position()) + " is not valid " + charset.name() + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> declaredEncoding(byte[] bytes) {
        // The declaration is ASCII in every ASCII-compatible encoding; only its first bytes matter.
        String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
        Matcher matcher = DECLARED_ENCODING.matcher(head);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
