package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class GroupCommitUnitTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();
    private final List<String> alone = new CopyOnWriteArrayList<>();

    @Test
    void aLoneItemIsStoredAtOnceAndWhatArrivesMeanwhileFormsTheNextGroup() {
        Sinks.One<String> firstStored = Sinks.one();
        GroupCommit<String, String> commit = new GroupCommit<>(
                items -> {
                    groups.add(items);
                    return Mono.just(items.stream().map(item -> "group:" + item).toList());
                },
                item -> {
                    alone.add(item);
                    return item.equals("a") ? firstStored.asMono() : Mono.just("alone:" + item);
                },
                10, 1, Duration.ZERO, meters);

        Mono<String> a = commit.submit("a").cache();
        a.subscribe();
        Mono<String> b = commit.submit("b").cache();
        Mono<String> c = commit.submit("c").cache();
        Mono<String> d = commit.submit("d").cache();
        b.subscribe();
        c.subscribe();
        d.subscribe();

        assertThat(alone).containsExactly("a");
        assertThat(groups).as("b, c, d wait while the one slot stores a").isEmpty();
        firstStored.tryEmitValue("alone:a");

        StepVerifier.create(a).expectNext("alone:a").verifyComplete();
        StepVerifier.create(b).expectNext("group:b").verifyComplete();
        StepVerifier.create(c).expectNext("group:c").verifyComplete();
        StepVerifier.create(d).expectNext("group:d").verifyComplete();
        assertThat(groups).containsExactly(List.of("b", "c", "d"));
        assertThat(meters.get("moku.gateway.intake.group.size").summary().max()).isEqualTo(3);
    }

    @Test
    void aGroupIsNeverLargerThanItsMaximum() {
        Sinks.One<String> firstStored = Sinks.one();
        GroupCommit<String, String> commit = new GroupCommit<>(
                items -> {
                    groups.add(items);
                    return Mono.just(items);
                },
                item -> item.equals("0") ? firstStored.asMono() : Mono.just(item),
                2, 1, Duration.ZERO, meters);
        for (int i = 0; i < 6; i++) {
            commit.submit(String.valueOf(i)).subscribe();
        }

        firstStored.tryEmitValue("0");

        assertThat(groups).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void aFailedGroupIsStoredItemByItemAndOnlyTheBadItemFails() {
        Sinks.One<String> firstStored = Sinks.one();
        GroupCommit<String, String> commit = new GroupCommit<>(
                items -> Mono.error(new IllegalStateException("the group's transaction failed")),
                item -> {
                    alone.add(item);
                    if (item.equals("first")) {
                        return firstStored.asMono();
                    }
                    return item.equals("bad") ? Mono.error(new IllegalArgumentException("bad alone"))
                            : Mono.just("alone:" + item);
                },
                10, 1, Duration.ZERO, meters);
        commit.submit("first").subscribe();
        Mono<String> x = commit.submit("x").cache();
        Mono<String> bad = commit.submit("bad").cache();
        Mono<String> y = commit.submit("y").cache();
        x.subscribe();
        bad.subscribe(value -> { }, error -> { });
        y.subscribe();

        firstStored.tryEmitValue("alone:first");

        StepVerifier.create(x).expectNext("alone:x").verifyComplete();
        StepVerifier.create(bad).expectErrorMessage("bad alone").verify();
        StepVerifier.create(y).expectNext("alone:y").verifyComplete();
        assertThat(alone).containsExactly("first", "x", "bad", "y");
        assertThat(meters.get("moku.gateway.intake.group.fallbacks").counter().count()).isEqualTo(1);
    }

    @Test
    void aWindowLetsAGroupWaitForMoreItems() {
        StepVerifier.withVirtualTime(() -> {
                    GroupCommit<String, String> commit = new GroupCommit<>(
                            items -> {
                                groups.add(items);
                                return Mono.just(items);
                            },
                            item -> {
                                alone.add(item);
                                return Mono.just(item);
                            },
                            10, 1, Duration.ofMillis(5), meters);
                    return commit.submit("a").zipWith(commit.submit("b"));
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(pair -> assertThat(List.of(pair.getT1(), pair.getT2())).containsExactly("a", "b"))
                .verifyComplete();
        assertThat(groups).containsExactly(List.of("a", "b"));
        assertThat(alone).isEmpty();
    }
}
