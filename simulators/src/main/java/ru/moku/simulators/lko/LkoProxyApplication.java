package ru.moku.simulators.lko;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ЛКО fault proxy, port 8092: an HTTP proxy in front of survey-service's API (ЛКО, ПОС.ОГ.ЛКО) that answers
 * {@code 422} for the organisations its rules name, so that tests and rehearsals can drive org-registry's rejection
 * path (seed 000 step 11: "422 → retry 3 times, then an incident") without a test helper inside survey-service.
 * A separate application from the SMEV and Dadata simulators: it scans only this package, so all three run side by
 * side in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LkoProxyApplication {

    /**
     * The application with its defaults from {@code lko-proxy.yml}: the local run starts several applications in
     * one JVM, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(LkoProxyApplication.class)
                .properties("spring.config.name=lko-proxy");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
