package ru.moku.simulators.dadata;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Dadata simulator: Dadata's {@code findById/party} API (ОКТМО by ИНН/ОГРН, seed 000 step 7) with a
 * generated directory of parties and fault injection, port 8091. A separate application from the SMEV
 * simulator ({@link ru.moku.simulators.SimulatorsApplication}, port 8090): it scans only this package, so
 * the two run side by side in one JVM without seeing each other's beans.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DadataSimulatorApplication {

    /**
     * The application with its defaults from {@code dadata-simulator.yml}: services share one JVM in the
     * local run and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DadataSimulatorApplication.class)
                .properties("spring.config.name=dadata-simulator");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
