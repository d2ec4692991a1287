package ru.moku.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import ru.moku.gateway.attachments.AttachmentCrypto;

class AttachmentPropertiesUnitTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesAndCrypto.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            AttachmentProperties properties = context.getBean(AttachmentProperties.class);
            assertThat(properties.verifySignatures()).isFalse();
            assertThat(properties.maxSize()).isEqualTo(DataSize.ofMegabytes(50));
            assertThat(properties.chunkSize()).isEqualTo(DataSize.ofKilobytes(256));
            assertThat(properties.fetch().attempts()).isEqualTo(5);
            assertThat(properties.fetch().firstBackoff()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.ftp().port()).isEqualTo(2121);
            assertThat(properties.ftp().pathTemplate()).isEqualTo("/{uuid}/{fileName}");
            assertThat(context.getBean(AttachmentCrypto.class).verifiesSignatures()).isFalse();
        });
    }

    @Test
    void verifyingWithoutATrustStoreRefusesToStartNamingTheProperty() {
        runner.withPropertyValues("moku.gateway.attachments.verify-signatures=true")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("moku.gateway.attachments.trust-store is required"));
    }

    @Test
    void anUnreadableTrustStoreRefusesToStartNamingTheProperty(@TempDir Path directory) {
        runner.withPropertyValues("moku.gateway.attachments.verify-signatures=true",
                        "moku.gateway.attachments.trust-store=" + directory.resolve("missing.p12"))
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("moku.gateway.attachments.trust-store")
                        .hasStackTraceContaining("missing.p12"));
    }

    @Test
    void aChunkSizeOutsideItsBoundsRefusesToStart() {
        runner.withPropertyValues("moku.gateway.attachments.chunk-size=1KB")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("moku.gateway.attachments.chunk-size must be between 4KB and 16MB"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AttachmentProperties.class)
    static class PropertiesAndCrypto {

        @Bean
        AttachmentCrypto attachmentCrypto(AttachmentProperties properties) {
            return new AttachmentConfiguration().attachmentCrypto(properties);
        }
    }
}
