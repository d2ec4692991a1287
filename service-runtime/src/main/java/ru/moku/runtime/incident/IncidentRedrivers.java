package ru.moku.runtime.incident;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import ru.moku.model.incident.IncidentKind;

/**
 * The service's {@link IncidentRedriver}s by incident kind. Checked once every bean exists: a redriver that claims a
 * kind the catalogue says cannot be re-driven, or two redrivers claiming one kind, stop the service from starting
 * with a message naming both — a mistake an operator would otherwise meet only when pressing "retry".
 */
public class IncidentRedrivers implements SmartInitializingSingleton {

    private final ObjectProvider<IncidentRedriver> provider;
    private volatile Map<IncidentKind, IncidentRedriver> byKind = Map.of();

    public IncidentRedrivers(ObjectProvider<IncidentRedriver> provider) {
        this.provider = provider;
    }

    @Override
    public void afterSingletonsInstantiated() {
        byKind = index(provider.orderedStream().toList());
    }

    /** The redriver of {@code kind}, if this service has one. */
    public Optional<IncidentRedriver> forKind(IncidentKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** Indexes {@code redrivers} by kind, refusing the combinations described on the class. */
    static Map<IncidentKind, IncidentRedriver> index(List<IncidentRedriver> redrivers) {
        Map<IncidentKind, IncidentRedriver> index = new EnumMap<>(IncidentKind.class);
        for (IncidentRedriver redriver : redrivers) {
            for (IncidentKind kind : redriver.kinds()) {
                if (!kind.redrivable()) {
                    throw new IllegalStateException(redriver.getClass().getName() + " claims incidents of kind "
                            + kind + ", which the catalogue (IncidentKind) marks as not re-drivable");
                }
                IncidentRedriver previous = index.putIfAbsent(kind, redriver);
                if (previous != null) {
                    throw new IllegalStateException("two redrivers claim incidents of kind " + kind + ": "
                            + previous.getClass().getName() + " and " + redriver.getClass().getName());
                }
            }
        }
        return Map.copyOf(index);
    }
}
