package ru.moku.gateway.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit: items submitted concurrently are stored together, up to {@code maxSize} in one call of the group
 * store (one transaction), at most {@code concurrency} groups at a time. An item waits only while every group slot is
 * busy (plus {@code window}, if set), so a lone item is stored at once and a burst forms groups by itself.
 *
 * <p>Each submitter's {@code Mono} completes with its own result only once its group's store has completed (for the
 * intake: committed). If the group store fails, every item of the group is stored again on its own with the single
 * store, one after another, each answering its own submitter — one bad item never fails the others.
 *
 * <p>Lock-free: the queue is a {@link ConcurrentLinkedQueue} and the slots an atomic counter; whoever submits an item
 * or finishes a group starts the next group while a slot is free.
 *
 * @param <T> what is stored
 * @param <R> the result of storing one item
 */
public final class GroupCommit<T, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Function<List<T>, Mono<List<R>>> groupStore;
    private final Function<T, Mono<R>> singleStore;
    private final int maxSize;
    private final int concurrency;
    private final Duration window;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final DistributionSummary groupSizes;
    private final Counter fallbacks;

    /**
     * @param groupStore  stores a group at once; its results in the order of the items
     * @param singleStore stores one item alone (the fallback after a failed group)
     * @param maxSize     items in one group at most
     * @param concurrency groups being stored at a time at most
     * @param window      how long a group waits for more items before it is taken ({@link Duration#ZERO}: not at all)
     * @param meters      {@code moku.gateway.intake.group.size}, {@code moku.gateway.intake.group.fallbacks}
     */
    public GroupCommit(Function<List<T>, Mono<List<R>>> groupStore, Function<T, Mono<R>> singleStore, int maxSize,
                       int concurrency, Duration window, MeterRegistry meters) {
        this.groupStore = Objects.requireNonNull(groupStore, "groupStore");
        this.singleStore = Objects.requireNonNull(singleStore, "singleStore");
        if (maxSize < 1 || concurrency < 1) {
            throw new IllegalArgumentException("maxSize and concurrency must be positive");
        }
        this.maxSize = maxSize;
        this.concurrency = concurrency;
        this.window = Objects.requireNonNull(window, "window");
        this.groupSizes = DistributionSummary.builder("moku.gateway.intake.group.size")
                .description("messages stored in one intake transaction").register(meters);
        this.fallbacks = Counter.builder("moku.gateway.intake.group.fallbacks")
                .description("intake groups whose transaction failed; their messages were stored one by one")
                .register(meters);
    }

    /** Stores {@code item} with the next group; completes with its result once that group is stored. */
    public Mono<R> submit(T item) {
        return Mono.create(sink -> {
            queue.add(new Pending<>(item, sink));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int slots = running.get();
            if (slots >= concurrency) {
                // The group that holds the slot drains again when it is done.
                return;
            }
            if (!running.compareAndSet(slots, slots + 1)) {
                continue;
            }
            Mono<List<Pending<T, R>>> taken = window.isZero() ? Mono.fromSupplier(this::take)
                    : Mono.delay(window).map(tick -> take());
            taken.flatMap(this::store)
                    .doFinally(signal -> {
                        running.decrementAndGet();
                        drain();
                    })
                    .subscribe(null, error -> log.error("intake group store failed unexpectedly", error));
        }
    }

    private List<Pending<T, R>> take() {
        List<Pending<T, R>> group = new ArrayList<>(Math.min(maxSize, 64));
        for (Pending<T, R> next; group.size() < maxSize && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        return group;
    }

    private Mono<Void> store(List<Pending<T, R>> group) {
        if (group.isEmpty()) {
            return Mono.empty();
        }
        groupSizes.record(group.size());
        if (group.size() == 1) {
            return alone(group.get(0));
        }
        List<T> items = group.stream().map(Pending::item).toList();
        return Mono.defer(() -> groupStore.apply(items))
                .doOnNext(results -> {
                    if (results.size() != group.size()) {
                        throw new IllegalStateException("the group store answered " + results.size()
                                + " results for " + group.size() + " items");
                    }
                })
                .map(results -> {
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).sink().success(results.get(i));
                    }
                    return true;
                })
                .onErrorResume(failure -> {
                    fallbacks.increment();
                    log.warn("intake group of {} failed ({}); storing each on its own", group.size(),
                            failure.toString());
                    return Flux.fromIterable(group).concatMap(this::alone).then(Mono.just(false));
                })
                .then();
    }

    /** One item on its own: its result or its error goes to its submitter only. */
    private Mono<Void> alone(Pending<T, R> pending) {
        return Mono.defer(() -> singleStore.apply(pending.item()))
                .doOnSuccess(result -> pending.sink().success(result))
                .doOnError(error -> pending.sink().error(error))
                .onErrorResume(error -> Mono.empty())
                .then();
    }

    private record Pending<T, R>(T item, MonoSink<R> sink) {
    }
}
