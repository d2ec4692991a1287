package ru.moku.orgregistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * org-registry — ПОС.ОС: accepts organisations from МОКУ, by RabbitMQ (variant 1) or REST (variant 2), validates,
 * stores or updates them (seed 000 steps 8–10), and hands each off to ЛКО (step 11).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrgRegistryApplication {

    /**
     * The application with its defaults from {@code org-registry.yml}: services share one JVM in the local run
     * and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrgRegistryApplication.class)
                .properties("spring.config.name=org-registry");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
