package ru.moku.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where a benchmark's figures go: its own dated file, copied to the benchmark's "latest" file. */
public final class ResultsFile {

    private ResultsFile() {
    }

    public static void write(Path output, Path latest, String markdown) throws IOException {
        Path written = output.toAbsolutePath();
        Files.createDirectories(written.getParent());
        Files.writeString(written, markdown, StandardCharsets.UTF_8);
        Path latestFile = latest.toAbsolutePath();
        if (!latestFile.equals(written)) {
            Files.createDirectories(latestFile.getParent());
            Files.copy(written, latestFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
