package ru.moku.survey.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierReaderUnitTests {

    /** Every ОКТМО the Dadata simulator hands out (simulators' {@code Regions}): the sample must hold them all. */
    static final List<String> DADATA_CODES = List.of("45382000", "45375000", "45310000", "45358000", "40303000",
            "40325000", "46783000", "46760000", "46704000", "92701000", "92730000", "50701000", "65701000",
            "03701000", "03726000", "22701000", "36701000", "36740000", "60701000", "80701000", "75701000",
            "57701000", "20701000", "04701000", "52701000", "27701000", "25701000", "08701000", "69701000",
            "78701000");

    @TempDir
    Path directory;

    @Test
    void theSampleIsWindows1251AndEveryRowIsClassifiedUnderItsRegionHeading() throws IOException {
        Path sample = copy("oktmo/sample-oktmo.csv");

        assertThat(ClassifierReader.detect(sample).name()).isEqualTo("windows-1251");
        Map<String, ClassifierRow> rows = readAll(sample).stream()
                .collect(Collectors.toMap(ClassifierRow::oktmo, Function.identity()));

        assertThat(rows.get("71000000").kind()).isEqualTo(EntryKind.REGION);
        assertThat(rows.get("71800000").kind()).isEqualTo(EntryKind.REGION);
        // The autonomous okrug's rows belong to the okrug, not to the oblast whose two digits they share.
        assertThat(rows.get("71816151")).extracting(ClassifierRow::kind, ClassifierRow::regionOktmo,
                        ClassifierRow::parentOktmo)
                .containsExactly(EntryKind.URBAN_SETTLEMENT, "71800000", "71816000");
        assertThat(rows.get("71871000001")).extracting(ClassifierRow::kind, ClassifierRow::regionOktmo,
                        ClassifierRow::parentOktmo)
                .containsExactly(EntryKind.POPULATED_PLACE, "71800000", "71871000");
        assertThat(rows.get("71951000").regionOktmo()).isEqualTo("71900000");
        assertThat(rows.get("71701000").regionOktmo()).isEqualTo("71000000");
        assertThat(rows.get("11851000").regionOktmo()).isEqualTo("11800000");
        assertThat(rows.get("11701000").regionOktmo()).isEqualTo("11000000");
        assertThat(rows.get("71816000")).extracting(ClassifierRow::kind, ClassifierRow::parentOktmo)
                .containsExactly(EntryKind.MUNICIPAL_DISTRICT, "71800000");
        assertThat(rows.get("50601402").kind()).isEqualTo(EntryKind.RURAL_SETTLEMENT);
        assertThat(rows.get("50601701").kind()).isEqualTo(EntryKind.INTER_SETTLEMENT_TERRITORY);
        assertThat(rows.get("57811000").kind()).isEqualTo(EntryKind.MUNICIPAL_OKRUG);
        assertThat(rows.get("45382000").kind()).isEqualTo(EntryKind.INNER_CITY_TERRITORY);
        assertThat(rows.get("50600000").kind()).isEqualTo(EntryKind.GROUP);
        assertThat(rows.get("50601402000").kind()).isEqualTo(EntryKind.GROUP);
        for (String code : DADATA_CODES) {
            assertThat(rows).containsKey(code);
            assertThat(rows.get(code).regionOktmo()).startsWith(code.substring(0, 2));
            assertThat(rows.get(code).kind()).isIn(EntryKind.URBAN_OKRUG, EntryKind.INNER_CITY_TERRITORY);
            assertThat(rows.get(code + "001")).extracting(ClassifierRow::kind, ClassifierRow::parentOktmo)
                    .containsExactly(EntryKind.POPULATED_PLACE, code);
        }
    }

    @Test
    void aUtf8CopyReadsTheSameAndIsSaidToBeUtf8() throws IOException {
        Path sample = copy("oktmo/sample-oktmo.csv");
        Path utf8 = directory.resolve("utf8.csv");
        Files.writeString(utf8, Files.readString(sample, ClassifierReader.WINDOWS_1251), StandardCharsets.UTF_8);

        assertThat(ClassifierReader.detect(utf8)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(readAll(utf8)).isEqualTo(readAll(sample));
    }

    @Test
    void aHeaderRowOfTheColumnNamesIsSkipped() throws IOException {
        Path sample = copy("oktmo/sample-oktmo.csv");
        Path withHeader = directory.resolve("header.csv");
        Files.writeString(withHeader, "\"" + String.join("\";\"", ClassifierReader.COLUMNS) + "\"\r\n"
                + Files.readString(sample, ClassifierReader.WINDOWS_1251), ClassifierReader.WINDOWS_1251);

        assertThat(readAll(withHeader)).hasSize(readAll(sample).size());
    }

    @Test
    void aTruncatedFileFailsOnItsLastLine() throws IOException {
        List<String> lines = Files.readAllLines(copy("oktmo/sample-oktmo.csv"), ClassifierReader.WINDOWS_1251);
        String cut = String.join("\r\n", lines.subList(0, 20)) + "\r\n" + lines.get(20).substring(0, 30);
        Path truncated = write("truncated.csv", cut);

        assertThatThrownBy(() -> readAll(truncated)).isInstanceOfSatisfying(MalformedClassifierException.class,
                error -> {
                    assertThat(error.line()).isEqualTo(21);
                    assertThat(error.notAClassifier()).isFalse();
                });
    }

    @Test
    void aRowWithABadCodeFailsWithItsLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(copy("oktmo/sample-oktmo.csv"),
                ClassifierReader.WINDOWS_1251));
        int index = lines.indexOf(lines.stream().filter(line -> line.startsWith("\"08\";\"701\"")).findFirst()
                .orElseThrow());
        lines.set(index, lines.get(index).replaceFirst("\"08\";\"701\"", "\"08\";\"7O1\""));
        Path bad = write("bad.csv", String.join("\r\n", lines));

        assertThatThrownBy(() -> readAll(bad)).isInstanceOfSatisfying(MalformedClassifierException.class,
                error -> assertThat(error).hasMessageContaining("line " + (index + 1)).hasMessageContaining("KOD1"));
    }

    @Test
    void aFileThatIsNotTheClassifierIsRefusedAtItsFirstLine() throws IOException {
        Path other = write("other.csv", "\"inn\";\"name\"\r\n\"7707083893\";\"ПАО Сбербанк\"\r\n");

        assertThatThrownBy(() -> readAll(other)).isInstanceOfSatisfying(MalformedClassifierException.class,
                error -> assertThat(error.notAClassifier()).isTrue());
    }

    @Test
    void aUtf16FileIsNotTakenForTheClassifier() throws IOException {
        Path sample = copy("oktmo/sample-oktmo.csv");
        Path utf16 = directory.resolve("utf16.csv");
        Files.writeString(utf16, Files.readString(sample, ClassifierReader.WINDOWS_1251), StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> readAll(utf16)).isInstanceOfSatisfying(MalformedClassifierException.class,
                error -> assertThat(error.notAClassifier()).isTrue());
    }

    @Test
    void invalidUtf8BytesAreReportedOnTheirLine() throws IOException {
        Path sample = copy("oktmo/sample-oktmo.csv");
        List<String> lines = Files.readAllLines(sample, ClassifierReader.WINDOWS_1251);
        // Past the 64 KiB the encoding is told from: the bad bytes are found on their line while reading.
        List<String> many = new ArrayList<>();
        while (many.size() * 100 < 70_000) {
            many.addAll(lines);
        }
        byte[] head = (String.join("\r\n", many) + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = "\"45\";\"000\";\"000\";\"000\";\"1\";\"1\";\"\u041c".getBytes(StandardCharsets.UTF_8);
        Path file = directory.resolve("broken-utf8.csv");
        byte[] all = new byte[head.length + broken.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(broken, 0, all, head.length, broken.length);
        all[all.length - 1] = (byte) 0xff;
        Files.write(file, all);

        assertThat(ClassifierReader.detect(file)).isEqualTo(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readAll(file)).isInstanceOfSatisfying(MalformedClassifierException.class,
                error -> assertThat(error.line()).isEqualTo(many.size() + 1));
    }

    private List<ClassifierRow> readAll(Path file) throws IOException {
        List<ClassifierRow> rows = new ArrayList<>();
        try (ClassifierReader reader = ClassifierReader.open(file, ClassifierReader.detect(file))) {
            for (ClassifierRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Path copy(String resource) throws IOException {
        Path file = directory.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream input = getClass().getClassLoader().getResourceAsStream(resource)) {
            Files.copy(input, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private Path write(String name, String text) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, text, ClassifierReader.WINDOWS_1251);
        return file;
    }
}
