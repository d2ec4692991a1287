package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Directory;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;

/** Defaults are the safe ones; a wrong setting stops the start with a message naming the property. */
class DadataSimulatorPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsAreARealisticDirectoryWithoutFaults() {
        runner.run(context -> {
            DadataSimulatorProperties properties = context.getBean(DadataSimulatorProperties.class);
            assertThat(properties.apiKey()).isEqualTo(DadataSimulatorProperties.DEFAULT_API_KEY);
            assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofKilobytes(16));
            assertThat(properties.quotaTimeZone()).isEqualTo(ZoneId.of("Europe/Moscow"));
            assertThat(properties.seed()).isNull();
            assertThat(properties.directory()).isEqualTo(Directory.DEFAULTS);
            assertThat(properties.faults()).isEqualTo(Faults.NONE);
        });
    }

    @Test
    void theConfigFileRepeatsTheDefaultsOnPort8091() throws Exception {
        PropertySource<?> file = new YamlPropertySourceLoader()
                .load("dadata-simulator", new ClassPathResource("dadata-simulator.yml")).get(0);

        assertThat(file.getProperty("server.port")).isEqualTo(8091);
        runner.withPropertyValues(properties(file)).run(context -> {
            DadataSimulatorProperties properties = context.getBean(DadataSimulatorProperties.class);
            assertThat(properties.directory()).isEqualTo(Directory.DEFAULTS);
            assertThat(properties.faults()).isEqualTo(Faults.NONE);
        });
    }

    @Test
    void faultsAreBoundFromProperties() {
        runner.withPropertyValues("simulators.dadata.faults.latency=150ms", "simulators.dadata.faults.http503-rate=0.02",
                        "simulators.dadata.faults.timeout-rate=0.05", "simulators.dadata.faults.rate-limit=30",
                        "simulators.dadata.faults.retry-after=1s", "simulators.dadata.faults.daily-quota=10000")
                .run(context -> assertThat(context.getBean(DadataSimulatorProperties.class).faults())
                        .isEqualTo(new Faults(Duration.ofMillis(150), Duration.ZERO, 0.05, Duration.ofSeconds(30), 0, 0,
                                0.02, 30, Duration.ofSeconds(1), 10_000)));
    }

    @Test
    void aRateAboveOneRefusesToStart() {
        runner.withPropertyValues("simulators.dadata.faults.http500-rate=1.5")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("simulators.dadata.faults.http500Rate"));
    }

    @Test
    void failureRatesAddingUpToMoreThanOneRefuseToStart() {
        runner.withPropertyValues("simulators.dadata.faults.timeout-rate=0.6", "simulators.dadata.faults.http503-rate=0.6")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("simulators.dadata.faults.failureRatesAtMostOne"));
    }

    @Test
    void directorySharesAddingUpToMoreThanOneRefuseToStart() {
        runner.withPropertyValues("simulators.dadata.directory.not-found-share=0.5",
                        "simulators.dadata.directory.address-only-oktmo-share=0.6")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("simulators.dadata.directory.outcomeSharesAtMostOne"));
    }

    @Test
    void aBlankApiKeyRefusesToStart() {
        runner.withPropertyValues("simulators.dadata.api-key= ")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("simulators.dadata.apiKey"));
    }

    private static String[] properties(PropertySource<?> file) {
        return Arrays.stream(((EnumerablePropertySource<?>) file).getPropertyNames())
                .filter(name -> name.startsWith("simulators."))
                .map(name -> name + "=" + file.getProperty(name))
                .toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(DadataSimulatorProperties.class)
    static class PropertiesOnly {
    }
}
