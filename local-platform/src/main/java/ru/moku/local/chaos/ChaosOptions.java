package ru.moku.local.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's command-line options.
 *
 * @param cards        cards per scenario (one per SMEV message)
 * @param scenarios    the scenarios to run, in order
 * @param replicas     replicas of each service
 * @param feed         the window the batch is queued evenly over (the faults fire at shares of it)
 * @param timeout      how long after the feed window the batch may take to complete
 * @param invalidShare share of cards with a wrong ИНН (expected FLAGGED)
 * @param answerShare  share of the survey links answered once the batch completed
 * @param seed         seed of the generated messages
 * @param results      where the report goes
 * @param postgresHost PostgreSQL host (user postgres, trust)
 * @param postgresPort PostgreSQL port
 * @param postgresCluster the Debian cluster name of that server ({@code pg_ctlcluster <version> <name> restart})
 * @param rabbitHost   RabbitMQ host (port 5672, guest)
 * @param rabbitNode   that broker's Erlang node ({@code rabbitmqctl -n <node> stop_app}), empty = rabbitmqctl's default
 * @param smev         plain (default) or real SMEV (MTOM, signatures: far more CPU per message)
 * @param runDirectory where each scenario's processes keep their logs and Kafka data
 * @param freshPlatform each scenario on a platform of its own (a fresh database and name prefix), else one for all
 * @param poolMax       spring.r2dbc.pool.max-size of every service (0: each service's own)
 * @param lkoTimeout    org-registry's timeout of one ЛКО call (moku.org-registry.lko.timeout)
 * @param stall         give a batch up when no card moved for this long after every fault was over
 * @param help         print the usage only
 * @param args         the arguments as given (for the report)
 */
public record ChaosOptions(int cards, List<Scenario> scenarios, int replicas, Duration feed, Duration timeout,
                           double invalidShare, double answerShare, long seed, Path results, String postgresHost,
                           int postgresPort, String postgresCluster, String rabbitHost, String rabbitNode, String smev, Path runDirectory, boolean freshPlatform, int poolMax, String lkoTimeout, Duration stall,
                           boolean help,
                           List<String> args) {

    static final String USAGE = """
            Usage: chaos/run.sh [options]
              --cards=N            cards per scenario, one per SMEV message (default 10000)
              --scenario=NAME|all  one scenario, a comma-separated list, or all of them in order (default all):
                                   %s
              --replicas=N         replicas of each service (default 2)
              --feed=DURATION      the batch is queued evenly over this window, the faults fire within it
                                   (default 120s; all-together queues its cards over twice that)
              --timeout=DURATION   how long after the feed window a batch may take to complete (default 15m)
              --invalid-share=X    share of cards with a wrong ИНН, expected FLAGGED (default 0.02)
              --answer-share=X     share of the survey links answered after the batch (default 0.05)
              --seed=N             seed of the generated messages (default 20261205)
              --results=DIR        where <yyyy-MM-dd>.md is written (default chaos/results)
              --servers=private|machine  (chaos/run.sh) private: the suite starts a PostgreSQL cluster and a
                                   RabbitMQ node of its own (port 5433; 127.0.0.2:5672) and restarts only those
                                   (default); machine: it uses and restarts the machine's 5432 and 5672
              --postgres-host=H --postgres-port=N --postgres-cluster=NAME (default 127.0.0.1, 5432, main)
              --rabbitmq-host=H --rabbitmq-node=NODE (default 127.0.0.1, rabbitmqctl's default node)
              --smev=plain|real    SMEV as plain SOAP (default) or as it really is (MTOM, GOST signatures both
                                   ways: several times the CPU per message on this 2-core machine)
              --run-dir=DIR        each scenario's logs and Kafka data under DIR/<prefix> (default
                                   chaos/target/runs)
              --fresh-platform=true|false  each scenario on a platform of its own: a fresh database and name
                                   prefix, so a failure belongs to one scenario (default true); false = one
                                   platform, a new batch per scenario (saves the start-up of 14 JVMs each time)
              --pool-max=N         PostgreSQL connections per service replica at most (default: the services'
                                   own, 6–8); lower it when other programs share the machine's max_connections
              --lko-timeout=D      org-registry's timeout of one ЛКО call (default 20s; the service's own is 5s,
                                   which 14 JVMs on 2 busy cores miss for load alone)
              --stall=DURATION     give a batch up when no card moved for this long after the faults were over
                                   (default 3m)
              --help               this text
            """.formatted(String.join(", ", Scenario.labels()));

    public ChaosOptions {
        scenarios = List.copyOf(scenarios);
        args = List.copyOf(args);
    }

    public static ChaosOptions parse(String... arguments) {
        int cards = 10_000;
        List<Scenario> scenarios = List.of(Scenario.values());
        int replicas = 2;
        Duration feed = Duration.ofSeconds(120);
        Duration timeout = Duration.ofMinutes(15);
        double invalidShare = 0.02;
        double answerShare = 0.05;
        long seed = 20261205L;
        Path results = Path.of("chaos", "results");
        String postgresHost = "127.0.0.1";
        int postgresPort = 5432;
        String postgresCluster = "main";
        String rabbitHost = "127.0.0.1";
        String rabbitNode = "";
        String smev = "plain";
        Path runDirectory = Path.of("chaos", "target", "runs");
        boolean freshPlatform = true;
        int poolMax = 0;
        String lkoTimeout = "20s";
        Duration stall = Duration.ofMinutes(3);
        boolean help = false;
        for (String argument : arguments) {
            if (argument.equals("--help") || argument.equals("-h")) {
                help = true;
                continue;
            }
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("unknown argument " + argument);
            }
            String name = argument.substring(2, equals);
            String value = argument.substring(equals + 1);
            switch (name) {
                case "cards" -> cards = positive(name, value);
                case "scenario" -> scenarios = scenarios(value);
                case "replicas" -> replicas = positive(name, value);
                case "feed" -> feed = duration(name, value);
                case "timeout" -> timeout = duration(name, value);
                case "invalid-share" -> invalidShare = share(name, value);
                case "answer-share" -> answerShare = share(name, value);
                case "seed" -> seed = Long.parseLong(value);
                case "results" -> results = Path.of(value);
                case "postgres-host" -> postgresHost = value;
                case "postgres-port" -> postgresPort = positive(name, value);
                case "postgres-cluster" -> postgresCluster = value;
                case "rabbitmq-host" -> rabbitHost = value;
                case "rabbitmq-node" -> rabbitNode = value;
                case "smev" -> smev = oneOf(name, value, "plain", "real");
                case "run-dir" -> runDirectory = Path.of(value);
                case "pool-max" -> poolMax = positive(name, value);
                case "stall" -> stall = duration(name, value);
                case "lko-timeout" -> lkoTimeout = duration(name, value).toMillis() + "ms";
                case "fresh-platform" -> freshPlatform = Boolean.parseBoolean(oneOf(name, value, "true", "false"));
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new ChaosOptions(cards, scenarios, replicas, feed, timeout, invalidShare, answerShare, seed, results,
                postgresHost, postgresPort, postgresCluster, rabbitHost, rabbitNode, smev, runDirectory, freshPlatform, poolMax, lkoTimeout, stall, help, List.of(arguments));
    }

    public ru.moku.local.SmevProfile smevProfile() {
        return smev.equals("real") ? ru.moku.local.SmevProfile.REAL : ru.moku.local.SmevProfile.PLAIN;
    }

    private static String oneOf(String name, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw new IllegalArgumentException("--" + name + " must be one of " + List.of(allowed) + ", not " + value);
        }
        return value;
    }

    static List<Scenario> scenarios(String value) {
        if (value.equals("all")) {
            return List.of(Scenario.values());
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String label : value.split(",")) {
            chosen.add(Scenario.of(label.strip()));
        }
        return chosen;
    }

    private static int positive(String name, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
        }
    }

    private static double share(String name, String value) {
        double share;
        try {
            share = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
        }
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("--" + name + " must be between 0 and 1, not " + value);
        }
        return share;
    }

    /** {@code 90s}, {@code 10m}, {@code 1h} or ISO-8601 ({@code PT90S}). */
    static Duration duration(String name, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration such as 90s or 10m, not " + value);
        }
    }
}
