package ru.moku.local;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One started {@link EndToEndPlatform} for the end-to-end tests that need the same configuration ({@link #OVERRIDES}):
 * a test class with {@code @ExtendWith(SharedEndToEndPlatform.class)} gets it as a parameter of type
 * {@link EndToEndPlatform}. Starting the eight contexts, a database and RabbitMQ names is the costly part of a short
 * end-to-end test, so it is done once for all of them; those classes run first ({@code @Order(1)},
 * {@code junit-platform.properties}), one after the other.
 *
 * <p>Only one platform runs in the test JVM at a time: a test that starts a platform of its own
 * ({@link EndToEndPlatform#start}) closes the shared one first (it would start again for a later test that asks for
 * it); otherwise it is closed when the run ends.
 *
 * <p>The tests that share it each judge only their own batch (its SMEV message ids, {@link PlatformState#readBatch}),
 * never totals of the platform. Before each test a part an earlier test stopped and did not start again (it failed
 * half-way through a restart) is started, so one failure does not spread.
 */
final class SharedEndToEndPlatform implements ParameterResolver, BeforeEachCallback {

    /**
     * The shared configuration: a message delivered to a gateway that then stopped comes back quickly (the restart
     * tests), and the gateway's per-client survey limit is lifted (every applicant of a test answers from 127.0.0.1;
     * the limit is tested in the gateway).
     */
    static final Map<String, String> OVERRIDES = Map.of(
            "simulators.smev.redelivery-timeout", "3s",
            "moku.gateway.surveys.rate-limit.requests", "1000000");

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedEndToEndPlatform.class);

    /** The running shared platform, or {@code null}; guarded by the class's lock. */
    private static EndToEndPlatform running;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EndToEndPlatform.class;
    }

    @Override
    public EndToEndPlatform resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return platform(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<Platform.Part> restarted = platform(context).platform().startStopped();
        if (!restarted.isEmpty()) {
            System.err.println("Shared end-to-end platform: started again " + restarted
                    + ", left stopped by an earlier test");
        }
    }

    /** Closes the shared platform if it runs (before another platform starts). */
    static synchronized void closeIfRunning() {
        if (running != null) {
            EndToEndPlatform closing = running;
            running = null;
            closing.close();
        }
    }

    /** The shared platform, started on first use (again after {@link #closeIfRunning()}). */
    private static synchronized EndToEndPlatform platform(ExtensionContext context) {
        if (running == null) {
            running = EndToEndPlatform.start(OVERRIDES);
            // JUnit closes what its root store holds when the run ends.
            context.getRoot().getStore(NAMESPACE).computeIfAbsent(CloseAtTheEnd.class, key -> new CloseAtTheEnd(),
                    CloseAtTheEnd.class);
        }
        return running;
    }

    private static final class CloseAtTheEnd implements AutoCloseable {

        @Override
        public void close() {
            closeIfRunning();
        }
    }
}
