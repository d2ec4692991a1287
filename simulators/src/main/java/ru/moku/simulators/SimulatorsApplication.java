package ru.moku.simulators;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The SMEV 3 simulator ({@code ru.moku.simulators.smev}), port 8090.
 *
 * <p>Scans only the SMEV package: the Dadata simulator ({@code ru.moku.simulators.dadata},
 * {@link ru.moku.simulators.dadata.DadataSimulatorApplication}) and the ЛКО fault proxy
 * ({@link ru.moku.simulators.lko.LkoProxyApplication}) are separate applications on their own ports, and all run
 * side by side in one JVM in the local run.
 */
@SpringBootApplication(scanBasePackages = SimulatorsApplication.SMEV_PACKAGE)
@ConfigurationPropertiesScan(SimulatorsApplication.SMEV_PACKAGE)
public class SimulatorsApplication {

    static final String SMEV_PACKAGE = "ru.moku.simulators.smev";

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
