package ru.moku.gateway.operator;

import ru.moku.gateway.intake.InstanceStatus;
import ru.moku.gateway.intake.RawMessageStatus;

/**
 * A stored status as operators see it: the code of ARCHITECTURE.md §5 and its name.
 *
 * @param code the stored code
 * @param name the status's name
 */
public record StatusView(int code, String name) {

    public static StatusView of(RawMessageStatus status) {
        return new StatusView(status.code(), status.name());
    }

    public static StatusView of(InstanceStatus status) {
        return new StatusView(status.code(), status.name());
    }
}
