package ru.moku.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The management port a service gets when it does not configure one. */
class ManagementPortDefaultUnitTests {

    @Test
    void isTheServerPortPlusOneThousand() {
        assertThat(managementPort(Map.of("moku.messaging.service-name", "gateway", "server.port", "8080")))
                .isEqualTo("9080");
    }

    @Test
    void isRandomWhenTheServerPortIs() {
        assertThat(managementPort(Map.of("moku.messaging.service-name", "gateway", "server.port", "0")))
                .isEqualTo("0");
        assertThat(managementPort(Map.of("moku.messaging.service-name", "gateway", "server.port", "64600")))
                .isEqualTo("0");
    }

    @Test
    void followsTheDefaultServerPort() {
        assertThat(managementPort(Map.of("moku.messaging.service-name", "gateway"))).isEqualTo("9080");
    }

    @Test
    void neverOverridesAConfiguredOne() {
        assertThat(managementPort(Map.of("moku.messaging.service-name", "gateway", "server.port", "8080",
                "management.server.port", "7777"))).isEqualTo("7777");
    }

    @Test
    void leavesApplicationsThatAreNotPlatformServicesAlone() {
        assertThat(managementPort(Map.of("server.port", "8090"))).isNull();
    }

    @Test
    void seesTheServerPortOfTheServicesConfigFile() {
        // runtime-test.yml names the service and sets server.port 0: read only if this runs after the config files.
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE).properties("spring.config.name=runtime-test").run()) {
            assertThat(context.getEnvironment().getProperty("management.server.port")).isEqualTo("0");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    private static String managementPort(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new ManagementPortDefault().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("management.server.port");
    }
}
