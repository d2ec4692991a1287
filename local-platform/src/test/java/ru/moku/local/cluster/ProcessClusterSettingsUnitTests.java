package ru.moku.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.moku.local.Platform.Part;

class ProcessClusterSettingsUnitTests {

    @Test
    void partJvmOptionsAreKeptThroughEveryWither() {
        ProcessCluster.Settings settings = ProcessCluster.Settings.local("db", "p.")
                .withPartJvmOptions(Part.GATEWAY, List.of("-Xmx256m"))
                .withPartJvmOptions(Part.SMEV_SIMULATOR, List.of("-Xmx2g"))
                .withFreePorts()
                .withOverrides(java.util.Map.of("a", "b"))
                .withGracePeriod(Duration.ofSeconds(3))
                .withStartTimeout(Duration.ofMinutes(1));

        assertThat(settings.partJvmOptions()).containsEntry(Part.GATEWAY, List.of("-Xmx256m"))
                .containsEntry(Part.SMEV_SIMULATOR, List.of("-Xmx2g")).hasSize(2);
        assertThat(settings.jvmOptions()).isEqualTo(ProcessCluster.Settings.DEFAULT_JVM_OPTIONS);
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.freePorts()).isTrue();
    }

    @Test
    void aPartsOptionsReplaceWhatItHadAndTheCommonOptionsCanBeReplaced() {
        ProcessCluster.Settings settings = ProcessCluster.Settings.local("db", "p.")
                .withPartJvmOptions(Part.GATEWAY, List.of("-Xmx256m"))
                .withPartJvmOptions(Part.GATEWAY, List.of("-Xmx128m"))
                .withJvmOptions(List.of("-Xss1m"));

        assertThat(settings.partJvmOptions()).containsExactly(java.util.Map.entry(Part.GATEWAY, List.of("-Xmx128m")));
        assertThat(settings.jvmOptions()).containsExactly("-Xss1m");
    }

    @Test
    void theFormerConstructorHasNoPartOptions() {
        assertThat(ProcessCluster.Settings.local("db", "p.").partJvmOptions()).isEmpty();
    }
}
