package ru.moku.cardprocessor.measurement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what PostgreSQL logged for one database with {@code log_statement = all} (set per connection through the
 * service's R2DBC options) and groups it by backend into transactions ({@code BEGIN} … {@code COMMIT}) and
 * autocommitted statements. A measuring tool, not a test: it needs read access to the server's log file.
 */
final class StatementLog {

    static final Path SERVER_LOG = Path.of("/var/log/postgresql/postgresql-15-main.log");
    /** The R2DBC connection option that makes the server log every statement of the service's connections. */
    static final Map<String, String> LOG_EVERY_STATEMENT =
            Map.of("spring.r2dbc.properties.options", "log_statement=all");

    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\w+ \\[(\\d+)] \\S*@(\\S+) LOG:  (?:statement|execute [^:]+): (.*)$");

    private StatementLog() {
    }

    /** A transaction (or, with {@code autocommit}, one statement on its own) of one backend. */
    record Unit(String pid, boolean autocommit, List<String> statements) {
    }

    /** Every unit of {@code database} logged after byte {@code offset} of the log. */
    static List<Unit> read(String database, long offset) throws IOException {
        List<String> lines;
        try (var in = Files.newInputStream(SERVER_LOG)) {
            in.skipNBytes(offset);
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        Map<String, List<String>> open = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>();
        String pid = null;
        StringBuilder statement = null;
        List<String[]> entries = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                if (statement != null) {
                    entries.add(new String[] {pid, statement.toString()});
                }
                statement = null;
                if (m.group(2).equals(database)) {
                    pid = m.group(1);
                    statement = new StringBuilder(m.group(3));
                }
            } else if (statement != null && !line.matches("^\\d{4}-.*")) {
                statement.append(' ').append(line.strip());
            } else if (line.matches("^\\d{4}-.*")) {
                if (statement != null) {
                    entries.add(new String[] {pid, statement.toString()});
                }
                statement = null;
            }
        }
        if (statement != null) {
            entries.add(new String[] {pid, statement.toString()});
        }
        for (String[] entry : entries) {
            String backend = entry[0];
            String sql = entry[1].replaceAll("\\s+", " ").strip();
            String upper = sql.toUpperCase();
            if (upper.startsWith("BEGIN") || upper.startsWith("START TRANSACTION")) {
                open.put(backend, new ArrayList<>());
            } else if (upper.startsWith("COMMIT") || upper.startsWith("ROLLBACK")) {
                List<String> done = open.remove(backend);
                if (done != null) {
                    units.add(new Unit(backend, false, done));
                }
            } else if (open.containsKey(backend)) {
                open.get(backend).add(sql);
            } else {
                units.add(new Unit(backend, true, List.of(sql)));
            }
        }
        return units;
    }

    static long size() throws IOException {
        return Files.size(SERVER_LOG);
    }
}
