package ru.moku.gateway.mtom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@code Content-Type} header value read the way MIME defines it (RFC 2045 §5.1: {@code type/subtype}, then
 * {@code ; name=value} with tokens or quoted strings), with RFC 2231 parameter values assembled: continuations
 * ({@code start*0="<root"; start*1="@x>"}), charset-encoded values ({@code title*=utf-8''%D0%A4}) and both
 * ({@code name*0*=utf-8''%D0%A4; name*1*=%D0%B0}).
 *
 * <p>Why our own reader: SMEV's adapters split long {@code start} values RFC 2231-style, and Spring's
 * {@code MediaType} keeps {@code start*0} and {@code start*1} as two unrelated parameters.
 *
 * @param type       the primary type, lower case
 * @param subtype    the subtype, lower case
 * @param parameters the parameters with their names in lower case (without any {@code *} section suffix) and their
 *                   values unquoted, assembled and decoded, in the order of first appearance
 */
public record MimeContentType(String type, String subtype, Map<String, String> parameters) {

    /** RFC 2045 {@code tspecials}: what ends a token. */
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    public MimeContentType {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads a header value.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not a content type
     */
    public static MimeContentType parse(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("no Content-Type");
        }
        Scanner scanner = new Scanner(header);
        String type = scanner.token("type");
        scanner.expect('/');
        String subtype = scanner.token("subtype");
        Map<String, Sections> raw = new LinkedHashMap<>();
        while (scanner.skipSpace()) {
            scanner.expect(';');
            if (!scanner.skipSpace()) {
                break; // a trailing ';' is common and harmless
            }
            String name = scanner.token("parameter name").toLowerCase(Locale.ROOT);
            scanner.expect('=');
            String value = scanner.value();
            ParameterName parsed = ParameterName.of(name);
            raw.computeIfAbsent(parsed.base(), base -> new Sections()).add(parsed, value, header);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        raw.forEach((name, sections) -> parameters.put(name, sections.value(name)));
        return new MimeContentType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), parameters);
    }

    /** Whether it is {@code type/subtype} (case-insensitive). */
    public boolean is(String expectedType, String expectedSubtype) {
        return type.equalsIgnoreCase(expectedType) && subtype.equalsIgnoreCase(expectedSubtype);
    }

    /** A parameter by name (case-insensitive). */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The {@code charset} parameter, if it names a charset this JVM knows. */
    public Optional<Charset> charset() {
        return parameter("charset").flatMap(name -> {
            try {
                return Optional.of(Charset.forName(name.strip()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code type/subtype}. */
    public String mimeType() {
        return type + "/" + subtype;
    }

    /**
     * A parameter name split into its RFC 2231 parts: {@code start*1*} is base {@code start}, section 1, encoded.
     */
    private record ParameterName(String base, int section, boolean encoded) {

        static ParameterName of(String name) {
            boolean encoded = name.endsWith("*");
            String rest = encoded ? name.substring(0, name.length() - 1) : name;
            int star = rest.lastIndexOf('*');
            if (star > 0 && star < rest.length() - 1 && rest.substring(star + 1).chars().allMatch(Character::isDigit)) {
                String digits = rest.substring(star + 1);
                if (digits.length() > 1 && digits.startsWith("0")) {
                    throw new IllegalArgumentException("parameter section '" + name + "' has a leading zero");
                }
                return new ParameterName(rest.substring(0, star), Integer.parseInt(digits), encoded);
            }
            // No section number: a plain value (section -1), or a single encoded one (name*=...).
            return new ParameterName(rest, -1, encoded);
        }
    }

    /** Everything given for one parameter name: a plain value and/or RFC 2231 sections. */
    private static final class Sections {

        private String plain;
        private final TreeMap<Integer, ParameterName> names = new TreeMap<>();
        private final Map<Integer, String> values = new LinkedHashMap<>();

        void add(ParameterName name, String value, String header) {
            int key = name.section();
            if (key == -1 && !name.encoded()) {
                if (plain != null) {
                    throw new IllegalArgumentException("parameter '" + name.base() + "' given twice in " + header);
                }
                plain = value;
                return;
            }
            if (names.containsKey(key)) {
                throw new IllegalArgumentException("parameter '" + name.base() + "' section " + key
                        + " given twice in " + header);
            }
            names.put(key, name);
            values.put(key, value);
        }

        /** The assembled value; the RFC 2231 form wins over a plain one given beside it (RFC 2231 §4). */
        String value(String base) {
            if (names.isEmpty()) {
                return plain;
            }
            if (names.containsKey(-1)) {
                if (names.size() > 1) {
                    throw new IllegalArgumentException("parameter '" + base + "' mixes " + base + "* with sections");
                }
                return decodeExtended(values.get(-1), base);
            }
            Charset charset = StandardCharsets.US_ASCII;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int expected = 0;
            for (Map.Entry<Integer, ParameterName> entry : names.entrySet()) {
                if (entry.getKey() != expected) {
                    // RFC 2231 §3: sections are numbered from 0 without gaps; what follows a gap is ignored.
                    break;
                }
                String value = values.get(entry.getKey());
                if (entry.getValue().encoded()) {
                    if (expected == 0) {
                        int first = value.indexOf('\'');
                        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
                        if (second < 0) {
                            throw new IllegalArgumentException("parameter '" + base
                                    + "*0*' lacks the charset'language' prefix");
                        }
                        charset = charsetNamed(value.substring(0, first), base);
                        value = value.substring(second + 1);
                    }
                    percentDecode(value, bytes, base);
                } else {
                    bytes.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
                }
                expected++;
            }
            if (expected == 0) {
                return plain;
            }
            return bytes.toString(charset);
        }

        private static String decodeExtended(String value, String base) {
            int first = value.indexOf('\'');
            int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
            if (second < 0) {
                throw new IllegalArgumentException("parameter '" + base + "*' lacks the charset'language' prefix");
            }
            Charset charset = charsetNamed(value.substring(0, first), base);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            percentDecode(value.substring(second + 1), bytes, base);
            return bytes.toString(charset);
        }

        private static Charset charsetNamed(String name, String base) {
            if (name.isEmpty()) {
                return StandardCharsets.US_ASCII;
            }
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter '" + base + "' names an unknown charset '" + name + "'");
            }
        }

        private static void percentDecode(String value, ByteArrayOutputStream bytes, String base) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '%') {
                    if (i + 2 >= value.length()) {
                        throw new IllegalArgumentException("parameter '" + base + "' ends in an incomplete %-escape");
                    }
                    int high = Character.digit(value.charAt(i + 1), 16);
                    int low = Character.digit(value.charAt(i + 2), 16);
                    if (high < 0 || low < 0) {
                        throw new IllegalArgumentException("parameter '" + base + "' has a bad %-escape at " + i);
                    }
                    bytes.write(high << 4 | low);
                    i += 2;
                } else {
                    bytes.write(c);
                }
            }
        }
    }

    /** Reads the header left to right. */
    private static final class Scanner {

        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        /** Skips white space (and RFC 822 comments); whether anything is left. */
        boolean skipSpace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    at++;
                } else if (c == '(') {
                    skipComment();
                } else {
                    return true;
                }
            }
            return false;
        }

        private void skipComment() {
            int depth = 0;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '\\') {
                    at++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return;
                }
            }
            throw new IllegalArgumentException("unterminated comment in Content-Type " + text);
        }

        void expect(char expected) {
            skipSpace();
            if (at >= text.length() || text.charAt(at) != expected) {
                throw new IllegalArgumentException("expected '" + expected + "' at position " + at
                        + " of Content-Type " + text);
            }
            at++;
        }

        String token(String what) {
            skipSpace();
            int start = at;
            while (at < text.length() && isTokenChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("expected a " + what + " at position " + start
                        + " of Content-Type " + text);
            }
            return text.substring(start, at);
        }

        String value() {
            skipSpace();
            if (at < text.length() && text.charAt(at) == '"') {
                return quoted();
            }
            // Leniently up to ';' or white space: adapters write start-info=text/xml unquoted although '/' is a tspecial.
            int start = at;
            while (at < text.length() && text.charAt(at) != ';' && text.charAt(at) > ' ' && text.charAt(at) != '"') {
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException("expected a parameter value at position " + start
                        + " of Content-Type " + text);
            }
            return text.substring(start, at);
        }

        private String quoted() {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                value.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted string in Content-Type " + text);
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 127 && TSPECIALS.indexOf(c) < 0;
        }
    }
}
