package ru.moku.runtime.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A service's actuator listens on a port of its own: {@code management.server.port} defaults to the server port
 * + 1000 (gateway 8080 → 9080; a random server port, 0, gives a random management port, and so does a server port
 * above 64535). Any configured value wins
 * (this is the last property source). Only in the platform's services ({@code moku.messaging.service-name}).
 */
public class ManagementPortDefault implements EnvironmentPostProcessor {

    /** The distance between a service's API port and its management port. */
    public static final int OFFSET = 1000;
    private static final int MAX_PORT = 65535;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty("moku.messaging.service-name")
                || environment.containsProperty("management.server.port")) {
            return;
        }
        int serverPort = environment.getProperty("server.port", Integer.class, 8080);
        // A server port near the top of the range (one picked at random once, then kept) has no +1000: random too.
        int managementPort = serverPort == 0 || serverPort + OFFSET > MAX_PORT ? 0 : serverPort + OFFSET;
        environment.getPropertySources().addLast(new MapPropertySource("mokuManagementPortDefault",
                Map.of("management.server.port", managementPort)));
    }
}
