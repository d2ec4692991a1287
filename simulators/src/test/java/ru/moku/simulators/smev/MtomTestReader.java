package ru.moku.simulators.smev;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the simulator's MTOM answers in tests the way a receiver must: Content-Type parameters with RFC 2231
 * continuations joined, the body split at the boundary, each part's headers and bytes.
 */
final class MtomTestReader {


    private MtomTestReader() {
    }

    /** A MIME part: its headers (lower-case names) and bytes. */
    record Part(Map<String, String> headers, byte[] content) {

        String contentId() {
            return headers.get("content-id");
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /**
     * Content-Type parameters, names lower-case, RFC 2231 continuations ({@code name*0}, {@code name*1}) joined — the
     * simulator's own reader of MTOM requests does exactly this.
     */
    static Map<String, String> parameters(String contentType) {
        return MtomReader.parameters(contentType);
    }

    /** The parts of a multipart body with {@code boundary}, in order. */
    static List<Part> parts(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int start = indexOf(body, delimiter, 0);
        while (start >= 0) {
            int afterDelimiter = start + delimiter.length;
            if (body[afterDelimiter] == '-' && body[afterDelimiter + 1] == '-') {
                break;
            }
            int headersStart = afterDelimiter + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), headersEnd);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, headersStart, headersEnd - headersStart, StandardCharsets.US_ASCII)
                    .split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            parts.add(new Part(headers, Arrays.copyOfRange(body, headersEnd + 4, next)));
            start = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
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
