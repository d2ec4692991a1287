package ru.moku.enrichment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * enrichment — finds the ОКТМО (code of the municipal territory) of organisations and founders through
 * Dadata (seed 000 step 7): rate-limited, retried, cached in PostgreSQL and single-flight, so any number
 * of cards can lean on it without hurting Dadata or being hurt by it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnrichmentApplication {

    /**
     * The application with its defaults from {@code enrichment.yml}: services share one JVM in the local
     * run and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EnrichmentApplication.class)
                .properties("spring.config.name=enrichment");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
