package ru.moku.local.cluster;

import ru.moku.local.Platform;

/**
 * One running copy of a part of the platform: which part, which replica (1-based), its port, its OS process (kept by
 * the {@link Cluster} that started it).
 *
 * @param part  the part (a service or a simulator)
 * @param index which replica of the part, 1-based
 * @param port  its HTTP port (its management port is {@link Cluster#managementUrl(Replica)})
 */
public record Replica(Platform.Part part, int index, int port) {

    /** {@code <part>-<index>}, e.g. {@code card-processor-2}: the name of its log file and of its process in reports. */
    public String name() {
        return part.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + index;
    }
}
