package ru.moku.simulators.lko;

import java.util.random.RandomGenerator;
import ru.moku.simulators.faults.SwitchableFaults;
import ru.moku.simulators.lko.LkoProxyProperties.Faults;

/**
 * The faults in force in front of ЛКО: those of {@code simulators.lko.faults.*} until {@code PUT /admin/lko/faults}
 * or {@code /admin/lko/rejections} replaces them; {@code DELETE /admin/lko/faults} restores the configured ones.
 * Thread-safe as long as the random generator is (a {@link java.util.Random} is).
 */
final class LkoFaultInjector extends SwitchableFaults<Faults> {

    LkoFaultInjector(Faults configured, RandomGenerator random) {
        super(configured, random);
    }

    /** Replaces the rules of refusal, keeping the latency. */
    Rejections replaceRejections(Rejections rejections) {
        replace(current().withRejections(rejections));
        return current().rejections();
    }
}
