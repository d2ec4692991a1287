package ru.moku.local.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ru.moku.local.Platform.Part;
import ru.moku.local.cluster.Cluster;

/**
 * One scenario's run on its platform: the batch as the feeder queues it, the timeline, and the handles a
 * {@link Scenario} injects its faults through. Shared by the feeder, the injector and the main thread.
 */
final class ScenarioRun {

    private final Cluster cluster;
    private final BatchObserver observer;
    private final Infra infra;
    private final int cards;
    private final long started = System.nanoTime();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> messageIds = Collections.synchronizedList(new ArrayList<>());
    private final SimpleHttp smev;
    private final SimpleHttp dadata;
    private final SimpleHttp lko;
    private volatile int flagged;
    private volatile boolean fed;
    private volatile long firstFault = -1;
    private volatile long lastRestored = -1;
    private volatile Map<String, String> poisoned = Map.of();
    private volatile List<String> refusedInns = List.of();

    ScenarioRun(Cluster cluster, BatchObserver observer, Infra infra, int cards) {
        this.cluster = cluster;
        this.observer = observer;
        this.infra = infra;
        this.cards = cards;
        this.smev = new SimpleHttp(cluster.url(cluster.replicas(Part.SMEV_SIMULATOR).get(0)));
        this.dadata = new SimpleHttp(cluster.url(cluster.replicas(Part.DADATA_SIMULATOR).get(0)));
        this.lko = new SimpleHttp(cluster.url(cluster.replicas(Part.LKO_PROXY).get(0)));
    }

    Cluster cluster() {
        return cluster;
    }

    BatchObserver observer() {
        return observer;
    }

    /** The broker and database this run may disturb. */
    Infra infra() {
        return infra;
    }

    SimpleHttp smev() {
        return smev;
    }

    SimpleHttp dadata() {
        return dadata;
    }

    SimpleHttp lko() {
        return lko;
    }

    int cards() {
        return cards;
    }

    /** The SMEV message ids queued so far (a copy). */
    List<String> messageIds() {
        synchronized (messageIds) {
            return List.copyOf(messageIds);
        }
    }

    int queued() {
        return messageIds.size();
    }

    void queuedSlice(List<String> ids, int invalidInnCards) {
        messageIds.addAll(ids);
        flagged += invalidInnCards;
    }

    int flagged() {
        return flagged;
    }

    void fedAll() {
        fed = true;
        event("all " + cards + " SMEV messages queued");
    }

    boolean fed() {
        return fed;
    }

    /** Waits until {@code share} of the batch is queued (or all of it). */
    void awaitQueued(double share) throws InterruptedException {
        while (!fed && queued() < share * cards) {
            Thread.sleep(200);
        }
    }

    /** Seconds since the batch began. */
    double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    long started() {
        return started;
    }

    void event(String what) {
        String line = String.format(Locale.ROOT, "+%.1f s (%d/%d queued) %s", elapsed(), queued(), cards, what);
        events.add(line);
        System.out.println("\n  ⚡ " + line);
    }

    /** A disturbance begins: the first marks when the scenario's faults started. */
    void fault(String what) {
        if (firstFault < 0) {
            firstFault = System.nanoTime();
        }
        event(what);
    }

    /** Something is back: the last marks the end of the scenario's faults (recovery is measured from it). */
    void restored(String what) {
        lastRestored = System.nanoTime();
        event(what);
    }

    long firstFault() {
        return firstFault;
    }

    long lastRestored() {
        return lastRestored;
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    void poisoned(Map<String, String> published) {
        this.poisoned = Map.copyOf(published);
    }

    Map<String, String> poisoned() {
        return poisoned;
    }

    void refusedInns(List<String> inns) {
        this.refusedInns = List.copyOf(inns);
    }

    List<String> refusedInns() {
        return refusedInns;
    }
}
