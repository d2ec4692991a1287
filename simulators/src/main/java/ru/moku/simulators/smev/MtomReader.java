package ru.moku.simulators.smev;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the SOAP envelope out of an MTOM request ({@code multipart/related; type="application/xop+xml"}), as SMEV
 * adapters send their requests: the part named by {@code start} (RFC 2387; RFC 2231 continuations
 * {@code start*0=…; start*1=…} joined), or the first part. The simulator reads no attachment parts of requests. The
 * whole body is in memory already (requests are small).
 */
final class MtomReader {

    private static final Pattern PARAMETER = Pattern.compile(";\\s*([^=;\\s]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^;]*)");
    private static final Pattern CONTINUATION = Pattern.compile("(.+)\\*(\\d+)\\*?");
    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private MtomReader() {
    }

    /** Whether {@code contentType} is a multipart one (then {@link #rootPart} must be applied). */
    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /**
     * The bytes of the root part of {@code body}.
     *
     * @throws SmevFaultException when the boundary or the root part cannot be found
     */
    static byte[] rootPart(byte[] body, String contentType) {
        Map<String, String> parameters = parameters(contentType);
        String boundary = parameters.get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw SmevFaultException.client("multipart request without a boundary parameter: " + contentType);
        }
        String start = parameters.get("start");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0 && at + delimiter.length + 1 < body.length
                && !(body[at + delimiter.length] == '-' && body[at + delimiter.length + 1] == '-')) {
            int headersStart = indexOf(body, "\n".getBytes(StandardCharsets.US_ASCII), at) + 1;
            int headersEnd = indexOf(body, HEADERS_END, headersStart);
            if (headersStart <= 0 || headersEnd < 0) {
                break;
            }
            int end = indexOf(body, nextDelimiter, headersEnd);
            if (end < 0) {
                break;
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1);
            if (start == null || start.equalsIgnoreCase(contentId(headers))) {
                return Arrays.copyOfRange(body, headersEnd + HEADERS_END.length, end);
            }
            at = end + 2;
        }
        throw SmevFaultException.client("multipart request without its root part"
                + (start == null ? "" : " " + start) + " (boundary " + boundary + ")");
    }

    /** Content-Type parameters, names lower-case, quotes removed, RFC 2231 continuations joined. */
    static Map<String, String> parameters(String contentType) {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> continued = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(contentType);
        while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            String value = unquote(matcher.group(2).trim());
            Matcher continuation = CONTINUATION.matcher(name);
            if (continuation.matches()) {
                continued.computeIfAbsent(continuation.group(1), n -> new TreeMap<>())
                        .put(Integer.parseInt(continuation.group(2)), value);
            } else {
                plain.put(name, value);
            }
        }
        continued.forEach((name, pieces) -> plain.putIfAbsent(name, String.join("", pieces.values())));
        return plain;
    }

    private static String contentId(String headers) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-ID")) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).replace("\\\"", "\"") : value;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
