package ru.moku.benchmarks.floor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.OutboundMessage;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;
import ru.moku.benchmarks.CpuAccount;
import ru.moku.benchmarks.Machine;
import ru.moku.benchmarks.ResultsFile;
import ru.moku.local.CommandLineOptions;
import ru.moku.local.Infrastructure;

/**
 * The floor of the stack (issue 12): what one unit of the work a card needs costs on this machine with the libraries
 * the services use and nothing of ours around them — an HTTP exchange (WebClient → a WebFlux functional endpoint on
 * Reactor Netty, no security, no observation), a PostgreSQL statement and a transaction shaped like a consumer's
 * (inbox + effect + outbox rows: r2dbc-postgresql, r2dbc-pool, Spring's DatabaseClient and TransactionalOperator), an
 * AMQP message published with a confirm, consumed and acked (reactor-rabbitmq). CPU per unit of this JVM (client and
 * server both), of its PostgreSQL backends and of RabbitMQ, from {@code /proc}. Multiplied by how many units a card
 * needs (the intake and chain reports count the transactions), it is the least a card can cost built this way.
 */
public final class FloorBenchmark {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";
    private static final String DATABASE = "moku_bench_floor";
    private static final String QUEUE = "benchfloor.messages";
    private static final String APPLICATION = "moku-bench-floor";
    private static final double MILLIS_PER_TICK = 10.0;

    private final int ops;
    private final int warmup;
    private final int concurrency;
    private final Path output;
    private final Path latest = Path.of("benchmarks", "results", "floor-latest.md");

    private FloorBenchmark(int ops, int warmup, int concurrency, Path output) {
        this.ops = ops;
        this.warmup = warmup;
        this.concurrency = concurrency;
        this.output = output;
    }

    /** What one unit costs: CPU ms per unit of this JVM, the PostgreSQL backends and RabbitMQ, and units per second. */
    record Cost(String unit, String what, int count, double seconds, double jvm, double postgres, double rabbitmq,
                double others) {

        double perSecond() {
            return count / seconds;
        }

        double total() {
            return jvm + postgres + rabbitmq;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> values = CommandLineOptions.parse(args);
        int ops = 20_000;
        int warmup = 5_000;
        int concurrency = 8;
        Path output = Path.of("benchmarks", "results", "floor-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        for (Map.Entry<String, String> option : values.entrySet()) {
            switch (option.getKey()) {
                case "ops" -> ops = CommandLineOptions.integer(option);
                case "warmup" -> warmup = CommandLineOptions.integer(option);
                case "concurrency" -> concurrency = CommandLineOptions.integer(option);
                case "output" -> output = Path.of(option.getValue());
                case "help" -> {
                    System.out.println("""
                            Usage: benchmarks/run.sh floor [--ops=20000] [--warmup=5000] [--concurrency=8] [--output=FILE]
                              each unit (HTTP exchange, SQL statement, transaction, AMQP message) --ops times after
                              --warmup not counted, --concurrency in flight; results in benchmarks/results/floor-*.md""");
                    return;
                }
                default -> {
                    System.err.println("unknown option --" + option.getKey() + " (see --help)");
                    System.exit(64);
                }
            }
        }
        List<String> problems = Infrastructure.unreachable(HOST, 5432, HOST, 5672);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("✗ " + problem));
            System.exit(2);
        }
        System.exit(new FloorBenchmark(ops, warmup, concurrency, output).run());
    }

    private int run() throws Exception {
        LocalDateTime started = LocalDateTime.now();
        String loadAtStart = Machine.loadAverage();
        Machine machine = Machine.describe();
        List<Cost> costs = new ArrayList<>();
        String failure = null;
        try {
            costs.add(http());
            Infrastructure.recreateDatabase(HOST, 5432, USER, DATABASE);
            costs.addAll(postgres());
            costs.add(amqp());
        } catch (Exception e) {
            failure = e.toString();
            e.printStackTrace(System.out);
        } finally {
            try {
                Infrastructure.dropDatabase(HOST, 5432, USER, DATABASE);
                Infrastructure.deleteBrokerNames(HOST, "benchfloor.");
            } catch (RuntimeException e) {
                say("clean-up failed: %s", e);
            }
        }
        String markdown = markdown(started, loadAtStart, Machine.loadAverage(), machine, costs, failure);
        ResultsFile.write(output, latest, markdown);
        System.out.println();
        System.out.println(markdown);
        say("Results written to %s and %s", output, latest);
        return failure == null ? 0 : 1;
    }

    /** WebClient → WebFlux functional endpoint on Reactor Netty: a 2 KB POST answered with a small JSON body. */
    private Cost http() {
        RouterFunction<ServerResponse> route = RouterFunctions.route(RequestPredicates.POST("/floor"),
                request -> request.bodyToMono(String.class)
                        .flatMap(body -> ServerResponse.ok().bodyValue("{\"accepted\":" + body.length() + "}")));
        HttpHandler handler = RouterFunctions.toHttpHandler(route);
        DisposableServer server = HttpServer.create().host(HOST).port(0)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        try {
            WebClient client = WebClient.create("http://" + HOST + ":" + server.port());
            String body = "x".repeat(2048);
            return measure("HTTP exchange", "WebClient POST of 2 KB → WebFlux functional endpoint → 200 with a small "
                    + "JSON body (client and server in this JVM; no security, no observation)", Set::of,
                    i -> client.post().uri("/floor").bodyValue(body).retrieve().bodyToMono(String.class));
        } finally {
            server.disposeNow(Duration.ofSeconds(10));
        }
    }

    /** r2dbc-postgresql through r2dbc-pool (4 connections) with Spring's DatabaseClient, as the services use it. */
    private List<Cost> postgres() throws SQLException {
        try (Connection jdbc = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":5432/" + DATABASE, USER, "");
             Statement ddl = jdbc.createStatement()) {
            ddl.execute("CREATE TABLE floor_inbox (message_id UUID PRIMARY KEY, handled_at TIMESTAMPTZ NOT NULL "
                    + "DEFAULT now())");
            ddl.execute("CREATE TABLE floor_effect (id BIGSERIAL PRIMARY KEY, message_id UUID NOT NULL, payload TEXT "
                    + "NOT NULL)");
            ddl.execute("CREATE TABLE floor_outbox (id BIGSERIAL PRIMARY KEY, message_id UUID NOT NULL, payload TEXT "
                    + "NOT NULL)");
            PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration
                    .builder().host(HOST).port(5432).username(USER).database(DATABASE).applicationName(APPLICATION)
                    .build());
            ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                    .initialSize(4).maxSize(4).build());
            try {
                DatabaseClient db = DatabaseClient.create(pool);
                TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
                String payload = "{\"card\":\"" + "p".repeat(1000) + "\"}";
                Supplier<Set<Long>> backends = () -> backends(jdbc);
                List<Cost> costs = new ArrayList<>();
                costs.add(measure("SQL statement", "one INSERT of a 1 KB row, autocommit (DatabaseClient, bound "
                        + "parameters: parse/bind/execute/sync)", backends,
                        i -> db.sql("INSERT INTO floor_effect (message_id, payload) VALUES (:id, :payload)")
                                .bind("id", UUID.randomUUID()).bind("payload", payload).fetch().rowsUpdated()));
                costs.add(measure("consumer transaction", "BEGIN; inbox INSERT … ON CONFLICT DO NOTHING; effect "
                        + "INSERT; outbox INSERT; COMMIT (TransactionalOperator) — the shape of one message handled",
                        backends, i -> {
                            UUID id = UUID.randomUUID();
                            return tx.transactional(db.sql("INSERT INTO floor_inbox (message_id) VALUES (:id) "
                                            + "ON CONFLICT DO NOTHING").bind("id", id).fetch().rowsUpdated()
                                    .then(db.sql("INSERT INTO floor_effect (message_id, payload) VALUES (:id, :p)")
                                            .bind("id", id).bind("p", payload).fetch().rowsUpdated())
                                    .then(db.sql("INSERT INTO floor_outbox (message_id, payload) VALUES (:id, :p)")
                                            .bind("id", id).bind("p", payload).fetch().rowsUpdated()));
                        }));
                return costs;
            } finally {
                pool.disposeLater().block(Duration.ofSeconds(10));
            }
        }
    }

    /** reactor-rabbitmq: persistent 1 KB messages published with confirms, consumed with manual acks, one by one. */
    private Cost amqp() throws InterruptedException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.useNio();
        Sender sender = RabbitFlux.createSender(new SenderOptions().connectionFactory(factory));
        Receiver receiver = RabbitFlux.createReceiver(new ReceiverOptions().connectionFactory(factory));
        try {
            sender.declareQueue(QueueSpecification.queue(QUEUE).durable(true)).block(Duration.ofSeconds(30));
            byte[] body = "m".repeat(1024).getBytes(StandardCharsets.UTF_8);
            AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType("application/json").build();
            // Consumed and acked as they arrive; a unit is done when its delivery has been acked.
            AtomicInteger consumed = new AtomicInteger();
            var consumer = receiver.consumeManualAck(QUEUE, new ConsumeOptions().qos(50))
                    .subscribe(delivery -> {
                        delivery.ack();
                        consumed.incrementAndGet();
                    });
            try {
                return measureBatch("AMQP message", "publish (persistent, 1 KB) with a confirm, consume, ack — each "
                                + "alone; this JVM is publisher and consumer", consumed,
                        count -> sender.sendWithPublishConfirms(Flux.range(0, count)
                                        .map(i -> new OutboundMessage("", QUEUE, persistent, body)),
                                new reactor.rabbitmq.SendOptions().maxInFlight(concurrency))
                                .then());
            } finally {
                consumer.dispose();
            }
        } finally {
            sender.close();
            receiver.close();
        }
    }

    /** {@code ops} units, {@code concurrency} in flight, after {@code warmup} not counted. */
    private Cost measure(String unit, String what, Supplier<Set<Long>> backends, IntFunction<Mono<?>> op) {
        say("%s: %d warm-up, then %d measured, %d in flight", unit, warmup, ops, concurrency);
        Flux.range(0, warmup).flatMap(op::apply, concurrency).then().block(Duration.ofMinutes(10));
        Set<Long> pids = backends.get();
        Optional<CpuAccount.Reading> start = CpuAccount.read();
        long began = System.nanoTime();
        Flux.range(0, ops).flatMap(op::apply, concurrency).then().block(Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - began) / 1e9;
        return cost(unit, what, ops, seconds, start, CpuAccount.read(), pids);
    }

    /** As {@link #measure}, for units that end elsewhere (an AMQP message ends when its consumer acked it). */
    private Cost measureBatch(String unit, String what, AtomicInteger done,
                              IntFunction<Mono<Void>> send) throws InterruptedException {
        say("%s: %d warm-up, then %d measured, up to %d unconfirmed", unit, warmup, ops, concurrency);
        send.apply(warmup).block(Duration.ofMinutes(10));
        awaitCount(done, warmup);
        Optional<CpuAccount.Reading> start = CpuAccount.read();
        long began = System.nanoTime();
        send.apply(ops).block(Duration.ofMinutes(30));
        awaitCount(done, warmup + ops);
        double seconds = (System.nanoTime() - began) / 1e9;
        return cost(unit, what, ops, seconds, start, CpuAccount.read(), Set.of());
    }

    private static void awaitCount(AtomicInteger done, int target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (done.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + done.get() + " of " + target + " messages consumed");
            }
            Thread.sleep(5);
        }
    }

    private static Cost cost(String unit, String what, int count, double seconds, Optional<CpuAccount.Reading> start,
                             Optional<CpuAccount.Reading> end, Set<Long> backends) {
        if (start.isEmpty() || end.isEmpty()) {
            return new Cost(unit, what, count, seconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long self = ProcessHandle.current().pid();
        long jvm = 0;
        long postgres = 0;
        long rabbitmq = 0;
        long labelled = 0;
        for (Map.Entry<Long, CpuAccount.ProcessTicks> entry : end.get().processes().entrySet()) {
            CpuAccount.ProcessTicks before = start.get().processes().get(entry.getKey());
            long used = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
            long pid = entry.getKey();
            if (pid == self) {
                jvm += used;
            } else if (backends.contains(pid)) {
                postgres += used;
            } else if (entry.getValue().command().equals("beam.smp")) {
                rabbitmq += used;
            } else {
                continue;
            }
            labelled += used;
        }
        long machine = end.get().machineBusy() - start.get().machineBusy();
        double per = MILLIS_PER_TICK / count;
        say("  %.0f/s; ms CPU per unit: this JVM %.3f, PostgreSQL %.3f, RabbitMQ %.3f", count / seconds, jvm * per,
                postgres * per, rabbitmq * per);
        return new Cost(unit, what, count, seconds, jvm * per, postgres * per, rabbitmq * per,
                Math.max(0, machine - labelled) * per);
    }

    /** The PostgreSQL backends of this benchmark's pool. */
    private static Set<Long> backends(Connection jdbc) {
        Set<Long> pids = new HashSet<>();
        try (Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '"
                     + APPLICATION + "'")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
        return pids;
    }

    private String markdown(LocalDateTime started, String loadAtStart, String loadAtEnd, Machine machine,
                            List<Cost> costs, String failure) {
        StringBuilder md = new StringBuilder();
        md.append("# Floor of the stack — ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                .append("\n\n");
        md.append("""
                What one unit of a card's work costs with the libraries the services use and none of our code around
                them: the least a card can cost built from these units (issue 12). CPU from `/proc`: this JVM (client
                and server of each unit both run here), the pool's PostgreSQL backends, RabbitMQ (`beam.smp`).
                """).append(String.format(Locale.ROOT, "Run: `benchmarks/run.sh floor --ops=%d --warmup=%d "
                + "--concurrency=%d`; see `benchmarks/README.md`.%n%n", ops, warmup, concurrency));
        md.append("Load average (1 / 5 / 15 min) at the start ").append(loadAtStart).append(", at the end ")
                .append(loadAtEnd).append("; ").append(machine.cores()).append(" cores.\n\n");
        if (failure != null) {
            md.append("**The run failed:** ").append(failure).append("\n\n");
        }
        md.append("| unit | what | units/s | ms CPU per unit: this JVM | PostgreSQL | RabbitMQ | **total** | "
                + "other processes |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Cost cost : costs) {
            md.append("| ").append(cost.unit()).append(" | ").append(cost.what()).append(" | ")
                    .append(fmt(cost.perSecond(), 0)).append(" | ").append(fmt(cost.jvm(), 3)).append(" | ")
                    .append(fmt(cost.postgres(), 3)).append(" | ").append(fmt(cost.rabbitmq(), 3)).append(" | **")
                    .append(fmt(cost.total(), 3)).append("** | ").append(fmt(cost.others(), 3)).append(" |\n");
        }
        md.append("\n## Machine\n\n| | |\n|---|---|\n");
        md.append("| machine | ").append(machine.cores()).append(" cores, ").append(machine.memory()).append(", ")
                .append(machine.cpu()).append(", ").append(machine.os()).append(" |\n");
        md.append("| Java · PostgreSQL · RabbitMQ | ").append(machine.java()).append(" · ").append(machine.postgres())
                .append(" · ").append(machine.rabbitmq()).append(" |\n");
        md.append("| this JVM | ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments())).append(" |\n\n");
        return md.toString();
    }

    private static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static void say(String format, Object... args) {
        System.out.println("▶ " + String.format(Locale.ROOT, format, args));
    }
}
