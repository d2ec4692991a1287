package ru.moku.survey.directory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the ОКТМО classifier (Общероссийский классификатор территорий муниципальных образований) as Росстат publishes
 * it in its open-data set: {@code ;}-separated, every field quoted, columns
 * {@code TER;KOD1;KOD2;KOD3;KC;RAZDEL;NAME1;Centrum;NomDescr;NomAkt;Status;DateUtv;DateVved} (an optional header row
 * of those names is skipped), in windows-1251 or UTF-8 — {@link #detect} decides from the file's first bytes. One
 * row at a time, in constant memory: what it keeps is the region headings (fewer than a hundred), the group headings
 * enclosing the current row and the municipality whose populated places are being listed.
 *
 * <p>Classification (module README, "The directory"): «Муниципальные образования &lt;субъект&gt;» is a region and
 * starts its code prefix ({@code 71} for the oblast, {@code 718} for the autonomous okrug within it); every other row
 * belongs to the region heading with the longest prefix of its code — never to the first two digits alone. Group
 * headings («Муниципальные районы …», «Сельские поселения …», «Населенные пункты, входящие в состав …») give the kind
 * of the rows listed under them. A malformed row fails with its line number; a file whose first row is not a region
 * heading is not the classifier.
 */
final class ClassifierReader implements Closeable {

    /** The columns of the classifier, in order. */
    static final List<String> COLUMNS = List.of("TER", "KOD1", "KOD2", "KOD3", "KC", "RAZDEL", "NAME1", "Centrum",
            "NomDescr", "NomAkt", "Status", "DateUtv", "DateVved");

    static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    private static final int SNIFF_BYTES = 64 * 1024;
    private static final Pattern TWO_DIGITS = Pattern.compile("[0-9]{2}");
    private static final Pattern THREE_DIGITS = Pattern.compile("[0-9]{3}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.uuuu");

    private final InputStream input;
    private final CharsetDecoder decoder;
    private byte[] lineBytes = new byte[1024];
    private final Map<String, String> regionsByPrefix = new LinkedHashMap<>();
    private final Deque<Group> groups = new ArrayDeque<>();
    private String placesParent;
    private int line;
    private boolean seenData;

    private record Group(String prefix, EntryKind listed) {
    }

    ClassifierReader(InputStream input, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.input = new BufferedInputStream(input, 64 * 1024);
        this.decoder = decoder;
    }

    /** One line decoded on its own, so that bytes invalid in the encoding are reported on their own line. */
    private String readLine() throws IOException {
        int length = 0;
        int b = input.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (length == lineBytes.length) {
                lineBytes = Arrays.copyOf(lineBytes, length * 2);
            }
            lineBytes[length++] = (byte) b;
            b = input.read();
        }
        if (length > 0 && lineBytes[length - 1] == '\r') {
            length--;
        }
        return decoder.reset().decode(ByteBuffer.wrap(lineBytes, 0, length)).toString();
    }

    static ClassifierReader open(Path file, Charset charset) throws IOException {
        InputStream input = Files.newInputStream(file);
        if (charset.equals(StandardCharsets.UTF_8)) {
            byte[] bom = input.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xff) == 0xef && (bom[1] & 0xff) == 0xbb && (bom[2] & 0xff) == 0xbf)) {
                input.close();
                input = Files.newInputStream(file);
            }
        }
        return new ClassifierReader(input, charset);
    }

    /**
     * UTF-8 when the file starts with its byte-order mark or its first 64 KiB decode as UTF-8 and hold non-ASCII
     * bytes; windows-1251 (what Росстат publishes) otherwise.
     */
    static Charset detect(Path file) throws IOException {
        byte[] head;
        try (InputStream input = Files.newInputStream(file)) {
            head = input.readNBytes(SNIFF_BYTES);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
            return StandardCharsets.UTF_8;
        }
        boolean ascii = true;
        for (byte b : head) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return WINDOWS_1251;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        // endOfInput false: a character cut by the 64 KiB boundary is not malformed.
        CoderResult result = utf8.decode(ByteBuffer.wrap(head), CharBuffer.allocate(head.length), false);
        return result.isError() ? WINDOWS_1251 : StandardCharsets.UTF_8;
    }

    /** The next classified row, or {@code null} at the end of the file. */
    ClassifierRow next() throws IOException {
        while (true) {
            String text;
            try {
                text = readLine();
            } catch (CharacterCodingException e) {
                throw MalformedClassifierException.row(line + 1, "bytes that are not valid in the file's encoding");
            }
            line++;
            if (text == null) {
                if (!seenData) {
                    throw MalformedClassifierException.notAClassifier(0, "the file holds no rows");
                }
                return null;
            }
            if (text.isBlank()) {
                continue;
            }
            List<String> fields = split(text);
            if (!seenData && fields.size() == COLUMNS.size() && fields.get(0).strip().equalsIgnoreCase("TER")
                    && fields.get(6).strip().equalsIgnoreCase("NAME1")) {
                continue;
            }
            return classify(fields);
        }
    }

    private ClassifierRow classify(List<String> fields) {
        if (fields.size() != COLUMNS.size()) {
            throw fault("has " + fields.size() + " fields, the classifier has " + COLUMNS.size()
                    + " (" + String.join(";", COLUMNS) + ")");
        }
        String ter = digits(fields, 0, TWO_DIGITS);
        String kod1 = digits(fields, 1, THREE_DIGITS);
        String kod2 = digits(fields, 2, THREE_DIGITS);
        String kod3 = digits(fields, 3, THREE_DIGITS);
        String section = fields.get(5).strip();
        if (!section.equals("1") && !section.equals("2")) {
            throw fault("RAZDEL is '" + section + "', must be 1 (municipalities) or 2 (populated places)");
        }
        String name = fields.get(6).strip();
        if (name.isEmpty()) {
            throw fault("NAME1 is empty");
        }
        if (section.equals("1") && !kod3.equals("000")) {
            throw fault("KOD3 is '" + kod3 + "' in RAZDEL 1, must be 000");
        }
        Integer changeNumber = number(fields, 9);
        LocalDate approvedOn = date(fields, 11);
        LocalDate introducedOn = date(fields, 12);
        String centre = blankToNull(fields.get(7));
        String description = blankToNull(fields.get(8));
        String municipality = ter + kod1 + kod2;
        boolean first = !seenData;
        seenData = true;

        if (section.equals("1") && EntryKind.isRegionHeading(name)) {
            if (!kod2.equals("000")) {
                throw fault("a region heading's KOD2 must be 000");
            }
            // 71000000 heads the codes 71…, 71800000 (an autonomous okrug within the oblast) the codes 718….
            regionsByPrefix.put(stripTrailingZeros(municipality), municipality);
            groups.clear();
            placesParent = null;
            return row(municipality, 1, EntryKind.REGION, name, null, municipality, centre, description,
                    changeNumber, approvedOn, introducedOn);
        }
        if (first) {
            throw MalformedClassifierException.notAClassifier(line,
                    "the first row must be a region heading («Муниципальные образования …»), found '" + name + "'");
        }
        String code = section.equals("1") ? municipality : municipality + kod3;
        String region = regionOf(code);
        String enclosing = kod2.equals("000") ? region : ter + kod1 + "000";
        EntryKind listed = EntryKind.listedUnder(name);
        if (section.equals("2")) {
            if (listed == EntryKind.POPULATED_PLACE && kod3.equals("000")) {
                placesParent = kod2.equals("000") && kod1.equals("000") ? region : municipality;
                return row(code, 2, EntryKind.GROUP, name, placesParent, region, centre, description, changeNumber,
                        approvedOn, introducedOn);
            }
            String parent = placesParent != null ? placesParent : municipality;
            return row(code, 2, EntryKind.POPULATED_PLACE, name, parent, region, centre, description, changeNumber,
                    approvedOn, introducedOn);
        }
        placesParent = null;
        leaveGroupsNotEnclosing(code);
        if (listed != null && listed != EntryKind.POPULATED_PLACE) {
            groups.push(new Group(stripTrailingZeros(code), listed));
            return row(code, 1, EntryKind.GROUP, name, enclosing, region, centre, description, changeNumber,
                    approvedOn, introducedOn);
        }
        EntryKind kind = groups.isEmpty() ? EntryKind.MUNICIPALITY : groups.peek().listed();
        return row(code, 1, kind, name, enclosing, region, centre, description, changeNumber, approvedOn,
                introducedOn);
    }

    private ClassifierRow row(String oktmo, int section, EntryKind kind, String name, String parent, String region,
                              String centre, String description, Integer changeNumber, LocalDate approvedOn,
                              LocalDate introducedOn) {
        return new ClassifierRow(line, oktmo, section, kind, name, parent, region, centre, description, changeNumber,
                approvedOn, introducedOn);
    }

    /** The region heading with the longest prefix of {@code code}. */
    private String regionOf(String code) {
        String best = null;
        int bestLength = 0;
        for (Map.Entry<String, String> region : regionsByPrefix.entrySet()) {
            if (code.startsWith(region.getKey()) && region.getKey().length() > bestLength) {
                best = region.getValue();
                bestLength = region.getKey().length();
            }
        }
        if (best == null) {
            throw fault("code " + code + " is not under any region heading («Муниципальные образования …»)");
        }
        return best;
    }

    private void leaveGroupsNotEnclosing(String code) {
        while (!groups.isEmpty() && !code.startsWith(groups.peek().prefix())) {
            groups.pop();
        }
    }

    private static String stripTrailingZeros(String code) {
        int end = code.length();
        while (end > 2 && code.charAt(end - 1) == '0') {
            end--;
        }
        return code.substring(0, end);
    }

    private String digits(List<String> fields, int index, Pattern pattern) {
        String value = fields.get(index).strip();
        if (!pattern.matcher(value).matches()) {
            if (!seenData) {
                throw MalformedClassifierException.notAClassifier(line, COLUMNS.get(index) + " is '" + value
                        + "', not a code");
            }
            throw fault(COLUMNS.get(index) + " is '" + value + "', must be " + (pattern == TWO_DIGITS ? 2 : 3)
                    + " digits");
        }
        return value;
    }

    private Integer number(List<String> fields, int index) {
        String value = fields.get(index).strip();
        if (value.isEmpty()) {
            return null;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw fault(COLUMNS.get(index) + " is '" + value + "', not a number");
        }
        return Integer.valueOf(value);
    }

    private LocalDate date(List<String> fields, int index) {
        String value = fields.get(index).strip();
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw fault(COLUMNS.get(index) + " is '" + value + "', not a date dd.mm.yyyy");
        }
    }

    private MalformedClassifierException fault(String message) {
        if (!seenData) {
            return MalformedClassifierException.notAClassifier(line, message);
        }
        return MalformedClassifierException.row(line, message);
    }

    /** Splits a {@code ;}-separated line whose fields may be quoted ({@code ""} inside quotes is a quote). */
    private List<String> split(String text) {
        List<String> fields = new ArrayList<>(COLUMNS.size());
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ';') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\u0000') {
                throw fault("holds NUL characters: not a text file in windows-1251 or UTF-8");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw fault("a quoted field is not closed (the file is cut off?)");
        }
        fields.add(field.toString());
        return fields;
    }

    private static String blankToNull(String value) {
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
