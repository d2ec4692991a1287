package ru.moku.runtime.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Picked up by BlockHound (tests install it in every JVM) through {@code META-INF/services}.
 * Allows only calls that look blocking to the agent but are not, in practice, blocking:
 * <ul>
 *   <li>{@code UUID.randomUUID()}: SecureRandom reads {@code /dev/urandom} once to seed, which never
 *       waits for entropy on Linux.</li>
 *   <li>Netty's adaptive buffer allocator growing or freeing a magazine: a lock held for a few instructions.</li>
 *   <li>resilience4j's rate limiter pausing a nanosecond after a lost compare-and-set.</li>
 *   <li>Jackson building a type's deserializer the first time (once per type, then cached).</li>
 * </ul>
 * Everything else that blocks on an event loop fails the test.
 */
public class PlatformBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
        // Netty 4.2's default (adaptive) allocator guards a magazine with a StampedLock held for a few instructions
        // when it grows or frees one under contention; Netty's own BlockHound integration does not list it yet.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        // resilience4j's lock-free rate limiter backs off a lost compare-and-set with parkNanos(1): a spin pause,
        // not a wait for another thread.
        builder.allowBlockingCallsInside("io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter",
                "compareAndSet");
        // Jackson builds a type's deserializer once, under a lock, and caches it: concurrent first uses wait for it.
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
    }
}
