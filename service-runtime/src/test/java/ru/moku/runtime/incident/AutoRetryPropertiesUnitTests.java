package ru.moku.runtime.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import ru.moku.model.incident.IncidentKind;

/** How {@code moku.incidents.auto-retry.*} binds: a service that says nothing re-drives nothing by itself. */
class AutoRetryPropertiesUnitTests {

    @Test
    void noKindsConfiguredMeansNoneAreRetried() {
        assertThat(bind(Map.of("moku.incidents.auto-retry.interval", "10s")).kinds()).isEmpty();
    }

    @Test
    void anEmptyValueMeansNoneAreRetried() {
        assertThat(bind(Map.of("moku.incidents.auto-retry.kinds", "")).kinds()).isEmpty();
    }

    @Test
    void theConfiguredKindsAreRetried() {
        assertThat(bind(Map.of("moku.incidents.auto-retry.kinds", "LKO_UNAVAILABLE,SURVEY_LINK_NOT_SENT")).kinds())
                .containsExactlyInAnyOrder(IncidentKind.LKO_UNAVAILABLE, IncidentKind.SURVEY_LINK_NOT_SENT);
    }

    private static AutoRetryProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("moku.incidents.auto-retry", AutoRetryProperties.class);
    }
}
