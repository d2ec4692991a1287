package ru.moku.local.cluster;

/**
 * The Kafka broker of a multi-process run: its own OS process on a fixed port with a persistent data directory, so a
 * kill -9 and a restart keep its topics and committed offsets.
 */
public interface KafkaBroker {

    /** SIGKILL (kill -9); returns when the process is gone. */
    void kill();

    /** SIGTERM; waits for the process to exit (up to the grace period, then it is killed). */
    void terminate();

    /** Starts it again on the same port and data directory; returns when it answers clients. */
    void start();

    /** {@code 127.0.0.1:<port>}: the bootstrap servers for clients. */
    String bootstrap();

    /** Whether its process is alive. */
    boolean alive();
}
