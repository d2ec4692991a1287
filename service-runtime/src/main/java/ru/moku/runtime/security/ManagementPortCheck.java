package ru.moku.runtime.security;

import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose actuator would share the API's port: the open security chain lets anyone reach
 * the actuator's paths because only the management port (never exposed outside the cluster) serves them.
 */
public final class ManagementPortCheck {

    private final String actuatorBasePath;

    ManagementPortCheck(Environment environment) {
        Integer serverPort = environment.getProperty("server.port", Integer.class, 8080);
        Integer managementPort = environment.getProperty("management.server.port", Integer.class);
        if (managementPort == null || (managementPort.equals(serverPort) && serverPort != 0)) {
            throw new IllegalStateException("management.server.port must be a port of its own (not server.port "
                    + serverPort + "): the actuator (health, info, prometheus) is served only there");
        }
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        this.actuatorBasePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /** Where the actuator's endpoints are, on the management port ({@code /actuator}). */
    public String actuatorBasePath() {
        return actuatorBasePath;
    }
}
