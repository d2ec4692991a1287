package ru.moku.simulators.faults;

import java.time.Duration;

/** The delay part of a simulator's faults: every answer waits {@code latency} plus up to {@code latencyJitter}. */
public interface LatencyFaults {

    Duration latency();

    Duration latencyJitter();
}
