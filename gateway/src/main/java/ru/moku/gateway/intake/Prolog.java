package ru.moku.gateway.intake;

import java.util.Optional;

/**
 * Finds a DOCTYPE declaration in a document's prolog without parsing it. The secure parser refuses
 * a DOCTYPE too, but its message is localised parser text; this names the problem class reliably
 * and points at the declaration.
 */
final class Prolog {

    private static final String DOCTYPE = "<!DOCTYPE";

    private Prolog() {
    }

    /** "line L, column C" of a DOCTYPE in the prolog, or empty if the prolog has none. */
    static Optional<String> doctypePosition(String xml) {
        int i = xml.startsWith("\uFEFF") ? 1 : 0;
        while (i < xml.length()) {
            char c = xml.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (xml.startsWith("<?", i)) {
                i = skipPast(xml, i, "?>");
            } else if (xml.startsWith("<!--", i)) {
                i = skipPast(xml, i, "-->");
            } else if (xml.startsWith(DOCTYPE, i)) {
                return Optional.of(position(xml, i));
            } else {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static int skipPast(String xml, int from, String end) {
        int at = xml.indexOf(end, from + 2);
        return at < 0 ? xml.length() : at + end.length();
    }

    private static String position(String xml, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            if (xml.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }
}
