package ru.moku.runtime.blockhound;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Picked up by BlockHound (tests install it in every JVM) through {@code META-INF/services}.
 * Allows only calls that look blocking to the agent but are not, in practice, blocking:
 * <ul>
 *   <li>{@code UUID.randomUUID()}: SecureRandom reads {@code /dev/urandom} once to seed, which never
 *       waits for entropy on Linux.</li>
 * </ul>
 * Everything else that blocks on an event loop fails the test.
 */
public class PlatformBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
    }
}
