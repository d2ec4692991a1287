package ru.moku.simulators;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Partner simulators for tests and local runs: SMEV 3 ({@code ru.moku.simulators.smev}). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SimulatorsApplication {

    /**
     * The application with its defaults from {@code simulators.yml}: services share one JVM in the local
     * run and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SimulatorsApplication.class)
                .properties("spring.config.name=simulators");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
