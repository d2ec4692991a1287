package ru.moku.local.cluster;

import java.nio.file.Path;
import java.util.List;
import ru.moku.local.Platform;

/**
 * The platform as it is deployed: every service as its own OS process (several replicas each), the simulators and the
 * Kafka broker as processes too, over the machine's PostgreSQL and RabbitMQ. A fault-injection run kills, terminates and
 * restarts single replicas and the broker through it.
 *
 * <p>REST between services: caller replica <i>i</i> calls callee replica ((i−1) mod n)+1 (Kubernetes uses Services).
 */
public interface Cluster extends AutoCloseable {

    /** All replicas of a part, running or not, in index order (one for a simulator). */
    List<Replica> replicas(Platform.Part part);

    /** Whether the replica's process is alive. */
    boolean alive(Replica replica);

    /** SIGKILL (kill -9); returns when the process is gone. */
    void kill(Replica replica);

    /** SIGTERM; waits for the process to exit (up to the grace period, then it is killed). */
    void terminate(Replica replica);

    /** Starts it again, same port and configuration; returns when its readiness probe says UP. */
    void start(Replica replica);

    /** {@code http://127.0.0.1:<port>}. */
    String url(Replica replica);

    /** The actuator's base on the replica's management port, e.g. {@code http://127.0.0.1:9080/actuator}. */
    String managementUrl(Replica replica);

    /** The Kafka broker's process. */
    KafkaBroker kafka();

    /** The platform's database (schemas smev, qal, enrichment, pos_os, lko). */
    String jdbcUrl();

    /** RabbitMQ/Kafka name prefix of the run. */
    String namePrefix();

    /** One log file per replica: {@code <part>-<index>.log} (see {@link Replica#name()}), and {@code kafka.log}. */
    Path logDirectory();

    /** SIGTERM everything, then SIGKILL what did not stop in time. */
    @Override
    void close();
}
