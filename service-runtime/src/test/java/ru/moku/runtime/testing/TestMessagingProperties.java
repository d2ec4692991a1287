package ru.moku.runtime.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import ru.moku.runtime.config.MessagingProperties;

/**
 * {@link MessagingProperties} bound the way Spring binds them (defaults included) from a few
 * properties, for tests that build runtime pieces without an application context.
 */
public final class TestMessagingProperties {

    private TestMessagingProperties() {
    }

    /** Binds {@code moku.messaging.*} from {@code properties} (service name {@code runtime-test} if not given). */
    public static MessagingProperties bind(Map<String, ?> properties) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("moku.messaging.service-name", "runtime-test");
        source.putAll(properties);
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("moku.messaging", MessagingProperties.class);
    }
}
