package ru.moku.local.chaos;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ru.moku.model.messaging.Destinations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what the platform did with one scenario's batch — from the databases (JDBC), the SMEV simulator's admin API
 * and the run's RabbitMQ dead-letter queues — into an {@link Observation}. Blocking: the suite's own threads only.
 */
final class BatchObserver {

    static final String[] SCHEMAS = {"smev", "qal", "enrichment", "pos_os", "lko"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String jdbcUrl;
    private final String smevSimulatorUrl;
    private final String rabbitHost;
    private final String namePrefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BatchObserver(String jdbcUrl, String smevSimulatorUrl, String rabbitHost, String namePrefix) {
        this.jdbcUrl = jdbcUrl;
        this.smevSimulatorUrl = smevSimulatorUrl;
        this.rabbitHost = rabbitHost;
        this.namePrefix = namePrefix;
    }

    /** A quick reading while the batch runs: its cards by stage, raw messages processed, refused cards. */
    record Progress(long cards, Map<String, Long> byStage, long rawProcessed, long refusedCards) {

        long stage(String stage) {
            return byStage.getOrDefault(stage, 0L);
        }

        /** Every card of {@code messages} (flagged of them wrong ИНН) at its end stage. */
        boolean done(int messages, int flagged) {
            return cards == messages && rawProcessed == messages && stage("FLAGGED") == flagged
                    && stage("ENRICHED") == refusedCards
                    && stage("LINK_SENT") + stage("SURVEY_COMPLETED") + refusedCards == messages - flagged;
        }

        /** Cards at an end stage. */
        long finished() {
            return stage("FLAGGED") + stage("LINK_SENT") + stage("SURVEY_COMPLETED");
        }
    }

    Progress progress(Collection<String> messageIds) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            batchTable(connection, messageIds);
            Map<String, Long> byStage = group(statement, "SELECT stage, count(*) FROM qal.service_card c"
                    + " JOIN pg_temp.batch_message USING (smev_message_id) GROUP BY stage");
            long raw = single(statement, "SELECT count(DISTINCT r.smev_message_id) FROM smev.raw_message r"
                    + " JOIN pg_temp.batch_message USING (smev_message_id) WHERE r.status = 3");
            long refused = single(statement, REFUSED_CARDS);
            return new Progress(byStage.values().stream().mapToLong(Long::longValue).sum(), byStage, raw, refused);
        } catch (SQLException e) {
            // During a PostgreSQL restart (or before the schemas exist) there is nothing to read.
            return null;
        }
    }

    /** The batch's cards whose organisation ЛКО refused (ПОС.ОС MANUAL_REVIEW). Needs pg_temp.batch_message. */
    private static final String REFUSED_CARDS = """
            SELECT count(DISTINCT c.id) FROM qal.service_card c JOIN pg_temp.batch_message USING (smev_message_id)
            JOIN qal.organisation o ON o.card_id = c.id
            JOIN pos_os.organisation p ON p.inn = o.inn AND p.ogrn = o.ogrn
            WHERE p.status = 'MANUAL_REVIEW'""";

    /**
     * ИНН of up to {@code count} of the batch's valid organisations not yet registered in ПОС.ОС (their cards at
     * RECEIVED or ENRICHED), for ЛКО to refuse. Looked for again each second for up to {@code within}: cards pass
     * those stages in milliseconds unless Dadata is slow, which the partner faults switched on just before make it.
     * Which organisations ЛКО really refused is read from ПОС.ОС (MANUAL_REVIEW) at the end, not from this list.
     * (The limit stays outside the text block: a text block drops a line's trailing space, and "LIMIT " + 5 became
     * "LIMIT5", a syntax error that left every 10,000-card partner-faults run without a refused organisation.)
     */
    List<String> innsNotYetRegistered(Collection<String> messageIds, int count, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                batchTable(connection, messageIds);
                List<String> inns = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("""
                        SELECT DISTINCT o.inn FROM qal.service_card c JOIN pg_temp.batch_message USING (smev_message_id)
                        JOIN qal.organisation o ON o.card_id = c.id
                        WHERE c.stage IN ('RECEIVED', 'ENRICHED') AND o.inn_valid
                          AND NOT EXISTS (SELECT 1 FROM pos_os.organisation p WHERE p.inn = o.inn)
                        """ + " LIMIT " + count)) {
                    while (rows.next()) {
                        inns.add(rows.getString(1));
                    }
                }
                if (inns.size() >= count || System.nanoTime() > deadline) {
                    return inns;
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no organisation for ЛКО to refuse: " + e.getMessage(), e);
                }
            }
            Thread.sleep(1_000);
        }
    }

    /** Unpublished outbox rows of every schema. */
    long outboxUnpublished() {
        return outbox().values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<String, Long> outbox() {
        Map<String, Long> unpublished = new TreeMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String schema : SCHEMAS) {
                unpublished.put(schema, single(statement,
                        "SELECT count(*) FROM " + schema + ".outbox WHERE published_at IS NULL"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: " + e.getMessage(), e);
        }
        return unpublished;
    }

    /**
     * Everything {@link Invariants} judges.
     *
     * @param messageIds the batch's SMEV message ids
     * @param flagged    cards generated with a wrong ИНН
     * @param answered   survey links answered (202)
     * @param poison     poison messages published: work queue (without prefix) → body
     */
    Observation observe(List<String> messageIds, int flagged, int answered, Map<String, String> poison)
            throws InterruptedException {
        // PostgreSQL may be out of connections for a moment (other programs share its max_connections): try again.
        for (int attempt = 1; ; attempt++) {
            try {
                return observeOnce(messageIds, flagged, answered, poison);
            } catch (IllegalStateException e) {
                if (attempt == 10) {
                    throw e;
                }
                System.out.println("  reading the batch failed (" + e.getMessage() + "), again in 5 s");
                Thread.sleep(5000);
            }
        }
    }

    private Observation observeOnce(List<String> messageIds, int flagged, int answered, Map<String, String> poison) {
        Set<String> acked = new HashSet<>(jsonStrings(get("/admin/smev/acked-ids")));
        acked.retainAll(new HashSet<>(messageIds));
        // A survey link's notification names the SMEV message its card came in (OriginalMessageId): one card per
        // message, so the links of this batch's cards are exactly those — application numbers alone may repeat
        // between batches (generated data).
        Map<String, Long> linksByMessage = new HashMap<>();
        for (JsonNode request : JSON.readTree(get("/admin/smev/send-requests"))) {
            JsonNode notification = request.path("notification");
            if (notification.hasNonNull("originalMessageId")) {
                linksByMessage.merge(notification.path("originalMessageId").asText(), 1L, Long::sum);
            }
        }
        Map<String, List<String>> deadLetters = deadLetters();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            batchTable(connection, messageIds);
            statement.execute("""
                    CREATE TEMPORARY TABLE batch_card AS
                    SELECT c.id, c.stage, c.smev_message_id, o.inn, o.ogrn, o.moku_organisation_id,
                           EXISTS (SELECT 1 FROM pos_os.organisation p WHERE p.inn = o.inn AND p.ogrn = o.ogrn
                                   AND p.status = 'MANUAL_REVIEW') AS refused
                    FROM qal.service_card c JOIN pg_temp.batch_message USING (smev_message_id)
                    LEFT JOIN qal.organisation o ON o.card_id = c.id""");
            Map<String, Long> perMessage = group(statement, """
                    SELECT CASE WHEN n = 0 THEN 'none' WHEN n = 1 THEN 'one' ELSE 'several' END, count(*)
                    FROM (SELECT b.smev_message_id, count(c.id) AS n FROM pg_temp.batch_message b
                          LEFT JOIN qal.service_card c USING (smev_message_id) GROUP BY 1) m GROUP BY 1""");
            long raw = single(statement, "SELECT count(DISTINCT r.smev_message_id) FROM smev.raw_message r"
                    + " JOIN pg_temp.batch_message USING (smev_message_id) WHERE r.status = 3");
            Map<String, Long> byStage = group(statement, "SELECT stage, count(*) FROM pg_temp.batch_card GROUP BY 1");
            long refused = single(statement, "SELECT count(*) FROM pg_temp.batch_card WHERE refused");
            long refusedEnriched = single(statement,
                    "SELECT count(*) FROM pg_temp.batch_card WHERE refused AND stage = 'ENRICHED'");
            Map<String, Long> posOs = group(statement, """
                    SELECT CASE WHEN n = 1 THEN 'one' WHEN n = 0 THEN 'none' ELSE 'several' END, count(*)
                    FROM (SELECT b.id, (SELECT count(*) FROM pos_os.organisation p
                                        WHERE p.inn = b.inn AND p.ogrn = b.ogrn) AS n
                          FROM pg_temp.batch_card b WHERE b.stage <> 'FLAGGED') m GROUP BY 1""");
            Map<String, Long> lko = group(statement, """
                    SELECT CASE WHEN n = 1 AND same THEN 'one' WHEN n = 0 THEN 'none' WHEN n = 1 THEN 'other'
                                ELSE 'several' END, count(*)
                    FROM (SELECT b.id, (SELECT count(*) FROM lko.organisation l
                                        WHERE l.inn = b.inn AND l.ogrn = b.ogrn) AS n,
                                 EXISTS (SELECT 1 FROM lko.organisation l WHERE l.inn = b.inn AND l.ogrn = b.ogrn
                                         AND l.moku_organisation_id = b.moku_organisation_id) AS same
                          FROM pg_temp.batch_card b WHERE b.stage <> 'FLAGGED' AND NOT b.refused) m GROUP BY 1""");
            long refusedInLko = single(statement, """
                    SELECT count(*) FROM pg_temp.batch_card b WHERE b.refused
                    AND EXISTS (SELECT 1 FROM lko.organisation l WHERE l.inn = b.inn AND l.ogrn = b.ogrn)""");
            long oneLink = 0;
            long severalLinks = 0;
            long otherLinks = 0;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT smev_message_id, stage = 'FLAGGED' OR refused FROM pg_temp.batch_card")) {
                while (rows.next()) {
                    long links = linksByMessage.getOrDefault(rows.getString(1), 0L);
                    if (rows.getBoolean(2)) {
                        otherLinks += links;
                    } else if (links == 1) {
                        oneLink++;
                    } else if (links > 1) {
                        severalLinks++;
                    }
                }
            }
            long severalAnswers = single(statement, """
                    SELECT count(*) FROM (SELECT r.card_id FROM qal.poll_answer_registers r
                    JOIN pg_temp.batch_card b ON b.id = r.card_id GROUP BY 1 HAVING count(*) > 1) d""");
            long ackedStored = count(connection, "SELECT count(DISTINCT smev_message_id) FROM smev.raw_message"
                    + " WHERE smev_message_id = ANY(?)", acked);
            // A party Dadata could not answer for goes on without ОКТМО; that is allowed under partner faults, but
            // only with an incident an operator can re-drive (a wrong identifier is the card's FLAGGED stage instead).
            long withoutOktmo;
            long withoutOktmoWithIncident;
            try (ResultSet rows = statement.executeQuery("""
                    SELECT count(*), count(*) FILTER (WHERE EXISTS (
                               SELECT 1 FROM enrichment.incident i WHERE i.subject = p.inn
                               AND i.kind IN ('DADATA_LOOKUP_FAILED', 'DADATA_REQUEST_REJECTED')))
                    FROM (SELECT o.inn, o.oktmo_status, o.oktmo_reason FROM qal.organisation o
                          JOIN pg_temp.batch_card b ON b.id = o.card_id WHERE b.stage <> 'FLAGGED'
                          UNION ALL
                          SELECT f.inn, f.oktmo_status, f.oktmo_reason FROM qal.founder f
                          JOIN pg_temp.batch_card b ON b.id = f.card_id WHERE b.stage <> 'FLAGGED') p
                    WHERE p.oktmo_status = 'FAILED'
                      AND coalesce(p.oktmo_reason, '') NOT LIKE 'INVALID_IDENTIFIER%'
                      AND coalesce(p.oktmo_reason, '') NOT LIKE 'NO_IDENTIFIER%'""")) {
                rows.next();
                withoutOktmo = rows.getLong(1);
                withoutOktmoWithIncident = rows.getLong(2);
            }
            Set<String> incidentSubjects = new HashSet<>();
            Map<String, Long> openIncidents = new TreeMap<>();
            for (String schema : SCHEMAS) {
                try (ResultSet rows = statement.executeQuery("SELECT subject, kind, status FROM " + schema
                        + ".incident")) {
                    while (rows.next()) {
                        incidentSubjects.add(rows.getString(1));
                        if ("OPEN".equals(rows.getString(3))) {
                            openIncidents.merge(schema + " " + rows.getString(2), 1L, Long::sum);
                        }
                    }
                }
            }
            long deadLettered = 0;
            long withIncident = 0;
            for (Map.Entry<String, List<String>> queue : deadLetters.entrySet()) {
                for (String body : queue.getValue()) {
                    deadLettered++;
                    if (incidentSubjects.contains(unreadableSubject(queue.getKey(), body))
                            || envelopeSubject(body).map(incidentSubjects::contains).orElse(false)) {
                        withIncident++;
                    }
                }
            }
            long poisonWithIncident = poison.entrySet().stream()
                    .filter(p -> deadLetters.getOrDefault(p.getKey(), List.of()).contains(p.getValue())
                            && incidentSubjects.contains(unreadableSubject(p.getKey(), p.getValue())))
                    .count();
            return new Observation(messageIds.size(), flagged, perMessage.getOrDefault("one", 0L),
                    perMessage.getOrDefault("none", 0L), perMessage.getOrDefault("several", 0L), raw, byStage,
                    refused, refusedEnriched, answered, posOs.getOrDefault("one", 0L),
                    posOs.getOrDefault("several", 0L), lko.getOrDefault("one", 0L), lko.getOrDefault("several", 0L),
                    refusedInLko, oneLink, severalLinks, otherLinks, severalAnswers, acked.size(), ackedStored,
                    outbox(), deadLettered, withIncident, poison.size(), poisonWithIncident, withoutOktmo,
                    withoutOktmoWithIncident, openIncidents);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the batch: " + e.getMessage(), e);
        }
    }

    /**
     * The bodies in each of the run's dead-letter queues, by work queue (logical name): fetched without ack and left
     * there (the channel's close requeues them).
     */
    Map<String, List<String>> deadLetters() {
        Map<String, List<String>> bodies = new TreeMap<>();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        try (com.rabbitmq.client.Connection connection = factory.newConnection("moku-chaos-observer")) {
            for (Destinations.WorkQueue queue : Destinations.WORK_QUEUES) {
                List<String> found = new ArrayList<>();
                Channel channel = connection.createChannel();
                try {
                    channel.queueDeclarePassive(namePrefix + queue.deadLetterQueue());
                    GetResponse response;
                    while ((response = channel.basicGet(namePrefix + queue.deadLetterQueue(), false)) != null) {
                        found.add(new String(response.getBody(), StandardCharsets.UTF_8));
                    }
                    channel.close();
                } catch (Exception e) {
                    // No such queue: nothing dead-lettered there (the channel is closed by the broker).
                }
                if (!found.isEmpty()) {
                    bodies.put(queue.queue(), found);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading the dead-letter queues: " + e.getMessage(), e);
        }
        return bodies;
    }

    /** How many consumers each work queue of the run has (absent: the queue does not exist). */
    Map<String, Integer> consumers() {
        Map<String, Integer> consumers = new TreeMap<>();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        try (com.rabbitmq.client.Connection connection = factory.newConnection("moku-chaos-observer")) {
            for (Destinations.WorkQueue queue : Destinations.WORK_QUEUES) {
                try {
                    Channel channel = connection.createChannel();
                    AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(namePrefix + queue.queue());
                    consumers.put(queue.queue(), ok.getConsumerCount());
                    channel.close();
                } catch (Exception e) {
                    // not declared
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading the work queues: " + e.getMessage(), e);
        }
        return consumers;
    }

    /** The subject ReliableConsumer gives the incident of a delivery it could not read: queue#sha256(body). */
    String unreadableSubject(String queue, String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return namePrefix + queue + "#" + java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Optional<String> envelopeSubject(String body) {
        try {
            JsonNode envelope = JSON.readTree(body);
            return envelope.hasNonNull("subject") ? java.util.Optional.of(envelope.path("subject").asText())
                    : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(smevSimulatorUrl + path))
                .timeout(Duration.ofSeconds(120)).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " → " + response.statusCode());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> jsonStrings(String json) {
        List<String> values = new ArrayList<>();
        JSON.readTree(json).forEach(value -> values.add(value.asText()));
        return values;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private static void batchTable(Connection connection, Collection<String> messageIds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE batch_message (smev_message_id TEXT PRIMARY KEY)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_message SELECT DISTINCT unnest(?) ON CONFLICT DO NOTHING")) {
            insert.setArray(1, connection.createArrayOf("text", messageIds.toArray()));
            insert.executeUpdate();
        }
    }

    private static long count(Connection connection, String sql, Collection<String> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", values.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Long> group(Statement statement, String sql) throws SQLException {
        Map<String, Long> result = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.put(rows.getString(1), rows.getLong(2));
            }
        }
        return result;
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
