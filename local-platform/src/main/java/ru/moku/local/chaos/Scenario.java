package ru.moku.local.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import ru.moku.local.Platform.Part;
import ru.moku.local.cluster.Replica;
import ru.moku.model.messaging.Destinations;

/**
 * The faults the suite injects, one scenario per run of a batch. Each fires at a point of the batch's load (a share of
 * its SMEV messages queued: the feeder queues the batch evenly over the feed window) and records what it did on the
 * run's timeline; {@link ScenarioRun#fault} marks the first disturbance, {@link ScenarioRun#restored} the moment
 * everything is back (recovery time is measured from the last one).
 */
public enum Scenario {

    BASELINE("baseline", "No fault: the reference for duration and the invariants.", 1) {
        @Override
        void inject(ScenarioRun run) {
        }
    },
    KILL_ONE_REPLICA("kill-one-replica", "kill -9 of one replica of each service in turn mid-load (gateway,"
            + " card-processor, enrichment, org-registry, survey-service at 10, 25, 40, 55, 70 % queued), each"
            + " started again 5 s after its kill (in the background: the next kill does not wait for it).", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            double at = 0.1;
            List<Thread> restarts = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            for (Part service : SERVICES) {
                run.awaitQueued(at);
                List<Replica> replicas = run.cluster().replicas(service);
                Replica victim = replicas.get(replicas.size() - 1);
                run.fault("kill -9 " + victim.name());
                run.cluster().kill(victim);
                Thread restart = new Thread(() -> {
                    try {
                        Thread.sleep(5_000);
                        run.event("starting " + victim.name());
                        run.cluster().start(victim);
                        run.restored(victim.name() + " started again and ready");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                }, "chaos-restart-" + victim.name());
                restart.start();
                restarts.add(restart);
                at += 0.15;
            }
            for (Thread restart : restarts) {
                restart.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    },
    KILL_ALL_GATEWAY(Part.GATEWAY),
    KILL_ALL_CARD_PROCESSOR(Part.CARD_PROCESSOR),
    KILL_ALL_ENRICHMENT(Part.ENRICHMENT),
    KILL_ALL_ORG_REGISTRY(Part.ORG_REGISTRY),
    KILL_ALL_SURVEY_SERVICE(Part.SURVEY_SERVICE),
    RABBITMQ_RESTART("rabbitmq-restart", "RabbitMQ stopped (rabbitmqctl stop_app) mid-load for 20 s, then started"
            + " (start_app).", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.3);
            rabbitOutage(run);
        }
    },
    POSTGRES_RESTART("postgres-restart", "PostgreSQL restarted mid-load (pg_ctlcluster --skip-systemctl-redirect"
            + " <version> <cluster> restart): every connection of every service dropped.", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.3);
            postgresRestart(run);
        }
    },
    KAFKA_RESTART("kafka-restart", "The Kafka broker killed (kill -9) mid-load, started again 20 s later.", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.3);
            kafkaOutage(run);
        }
    },
    PARTNER_FAULTS("partner-faults", "Partners slow and hanging for 60 s mid-load: Dadata 200–500 ms latency, 10 %"
            + " hanging 20 s, 5 % 503; SMEV 200–400 ms latency, 10 % SOAP faults, 5 % HTTP 5xx, 10 % acks dropped"
            + " (redelivered), 5 % delivered twice; ЛКО (fault proxy) 0.5–1.5 s latency; and ЛКО refusing (422) the"
            + " organisations of up to 5 cards not yet enriched (they must end ENRICHED, ПОС.ОС MANUAL_REVIEW).", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.2);
            try {
                partnersFaulty(run);
                Thread.sleep(60_000);
            } finally {
                // Also when the injection failed halfway: the rest of the batch runs against healthy partners.
                partnersWell(run);
            }
        }
    },
    POISON_MESSAGES("poison-messages", "An unparseable message published mid-load into every consumed work queue of"
            + " the run: each must be dead-lettered with an incident, and nothing else may stop.", 1) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.3);
            poison(run);
        }
    },
    ALL_TOGETHER("all-together", "Everything in one batch (queued over twice the feed window): partner faults for"
            + " the first half, poison messages, kill -9 of one replica of each service, RabbitMQ stop/start,"
            + " PostgreSQL restart, Kafka kill/start, every card-processor replica killed and restarted 30 s later.",
            2) {
        @Override
        void inject(ScenarioRun run) throws InterruptedException {
            run.awaitQueued(0.05);
            try {
                partnersFaulty(run);
                run.awaitQueued(0.1);
                poison(run);
                for (Part service : SERVICES) {
                    List<Replica> replicas = run.cluster().replicas(service);
                    Replica victim = replicas.get(0);
                    run.fault("kill -9 " + victim.name());
                    run.cluster().kill(victim);
                    run.cluster().start(victim);
                    run.restored(victim.name() + " started again and ready");
                }
                run.awaitQueued(0.3);
                rabbitOutage(run);
                run.awaitQueued(0.4);
                postgresRestart(run);
                run.awaitQueued(0.5);
            } finally {
                partnersWell(run);
            }
            kafkaOutage(run);
            run.awaitQueued(0.6);
            killAll(run, Part.CARD_PROCESSOR);
        }
    };

    /** The platform's services (the simulators are not killed: they are the outside world). */
    static final List<Part> SERVICES = List.of(Part.GATEWAY, Part.CARD_PROCESSOR, Part.ENRICHMENT, Part.ORG_REGISTRY,
            Part.SURVEY_SERVICE);
    /** How long every replica of a service stays dead. */
    static final Duration ALL_DOWN = Duration.ofSeconds(30);
    /** The share of SMEV messages the SMEV simulator delivers twice in every scenario (at-least-once delivery). */
    static final double DUPLICATE_SHARE = 0.05;

    private final String label;
    private final String description;
    private final Part killAll;
    private final int feedFactor;

    Scenario(String label, String description, int feedFactor) {
        this.label = label;
        this.description = description;
        this.killAll = null;
        this.feedFactor = feedFactor;
    }

    Scenario(Part killAll) {
        String service = killAll.name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.label = "kill-all-" + service;
        this.description = "kill -9 of every replica of " + service + " mid-load, all started again 30 s later.";
        this.killAll = killAll;
        this.feedFactor = 1;
    }

    /** Injects the scenario's faults into {@code run} (on a thread of its own, while the batch is fed). */
    void inject(ScenarioRun run) throws InterruptedException {
        run.awaitQueued(0.3);
        killAll(run, killAll);
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The feed window of the scenario's batch in multiples of the suite's. */
    int feedFactor() {
        return feedFactor;
    }

    /** The scenario named {@code label}. */
    public static Scenario of(String label) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("no scenario " + label + "; known: " + labels());
    }

    public static List<String> labels() {
        return java.util.Arrays.stream(values()).map(Scenario::label).toList();
    }

    static void killAll(ScenarioRun run, Part service) throws InterruptedException {
        List<Replica> replicas = run.cluster().replicas(service);
        for (Replica replica : replicas) {
            run.fault("kill -9 " + replica.name());
            run.cluster().kill(replica);
        }
        Thread.sleep(ALL_DOWN.toMillis());
        // Started together, as Kubernetes would start the pods again.
        List<Thread> starting = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        for (Replica replica : replicas) {
            run.event("starting " + replica.name());
            Thread thread = new Thread(() -> {
                try {
                    run.cluster().start(replica);
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "chaos-start-" + replica.name());
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        run.restored("every replica of " + service.name().toLowerCase(Locale.ROOT) + " started again and ready");
    }

    static void rabbitOutage(ScenarioRun run) throws InterruptedException {
        run.fault(run.infra().rabbitctl("stop_app"));
        run.infra().rabbitStopApp();
        Thread.sleep(20_000);
        run.event(run.infra().rabbitctl("start_app"));
        run.infra().rabbitStartApp();
        run.restored("RabbitMQ started (await_startup done)");
    }

    static void postgresRestart(ScenarioRun run) {
        run.fault(String.join(" ", run.infra().postgresRestartCommand()));
        run.infra().postgresRestart();
        run.restored("PostgreSQL restarted");
    }

    static void kafkaOutage(ScenarioRun run) throws InterruptedException {
        run.fault("kill -9 the Kafka broker");
        run.cluster().kafka().kill();
        Thread.sleep(20_000);
        run.event("starting the Kafka broker");
        run.cluster().kafka().start();
        run.restored("Kafka broker started and answering");
    }

    static void partnersFaulty(ScenarioRun run) throws InterruptedException {
        run.fault("partner faults on (Dadata, SMEV, ЛКО latency)");
        run.dadata().send("PUT", "/admin/dadata/faults", """
                {"latency":"200ms","latencyJitter":"300ms","timeoutRate":0.1,"timeoutDuration":"20s",\
                "http503Rate":0.05}""");
        run.smev().send("PUT", "/admin/smev/faults", String.format(Locale.ROOT, """
                {"latency":"200ms","latencyJitter":"200ms","soapFaultRate":0.1,"http5xxRate":0.05,\
                "dropAckRate":0.1,"duplicateDeliveryRate":%s}""", DUPLICATE_SHARE));
        List<String> refused = run.observer().innsNotYetRegistered(run.messageIds(), 5, Duration.ofSeconds(30));
        run.refusedInns(refused);
        run.lko().send("PUT", "/admin/lko/faults", "{\"latency\":\"500ms\",\"latencyJitter\":\"1s\",\"refusedInns\":"
                + json(refused) + "}");
        run.event("ЛКО refuses the organisations of ИНН " + refused);
    }

    static void partnersWell(ScenarioRun run) {
        run.dadata().send("DELETE", "/admin/dadata/faults", null);
        run.smev().send("PUT", "/admin/smev/faults",
                String.format(Locale.ROOT, "{\"duplicateDeliveryRate\":%s}", DUPLICATE_SHARE));
        run.lko().send("PUT", "/admin/lko/faults", "{\"refusedInns\":" + json(run.refusedInns()) + "}");
        run.restored("partner faults off (ЛКО refusals kept)");
    }

    static void poison(ScenarioRun run) {
        Map<String, Integer> consumers = run.observer().consumers();
        Map<String, String> published = new TreeMap<>();
        for (Destinations.WorkQueue queue : Destinations.WORK_QUEUES) {
            if (consumers.getOrDefault(queue.queue(), 0) == 0) {
                run.event("no consumer on " + queue.queue() + " (not used in this configuration): no poison there");
                continue;
            }
            String body = "{ not json: chaos poison for " + queue.queue() + " " + System.nanoTime();
            run.infra().publish(run.cluster().namePrefix() + queue.queue(), body);
            published.put(queue.queue(), body);
        }
        run.poisoned(published);
        run.fault("poison message published into " + published.size() + " work queues " + published.keySet());
        run.restored("poison published");
    }

    private static String json(List<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(
                java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
