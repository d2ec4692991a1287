package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import ru.moku.gateway.attachments.AttachmentCrypto;
import ru.moku.gateway.attachments.AttachmentIntake;
import ru.moku.gateway.attachments.AttachmentStore;
import ru.moku.gateway.attachments.FetchBackoff;
import ru.moku.gateway.attachments.FileStorageClient;
import ru.moku.gateway.attachments.FileStorageWorkers;
import ru.moku.gateway.attachments.FsAttachmentFetcher;
import ru.moku.gateway.attachments.FsAttachmentRedriver;
import ru.moku.gateway.attachments.FtpFileStorageClient;
import ru.moku.gateway.attachments.PostgresAttachmentStore;
import ru.moku.gateway.attachments.SmevAttachmentCrypto;
import ru.moku.gateway.attachments.StoringAttachmentIntake;
import ru.moku.gateway.xml.XmlWorkers;
import ru.moku.runtime.incident.Incidents;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.SmevXmlSecurity;

/**
 * Attachments of SMEV messages: the store, the intake's {@link AttachmentIntake} (replacing the default that refuses
 * them), the fetcher of files on SMEV's file storage with its FTP client, and the redriver of its incidents.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AttachmentProperties.class)
public class AttachmentConfiguration {

    @Bean
    public AttachmentStore attachmentStore(DatabaseClient databaseClient, AttachmentProperties properties) {
        return new PostgresAttachmentStore(databaseClient, Math.toIntExact(properties.chunkSize().toBytes()));
    }

    /**
     * GOST digests always; detached signatures checked against the trust store when
     * {@code moku.gateway.attachments.verify-signatures} is on (an unreadable trust store stops the start-up, naming
     * the property).
     */
    @Bean
    @ConditionalOnMissingBean
    public AttachmentCrypto attachmentCrypto(AttachmentProperties properties) {
        // Registering the provider reads resources from jars: done here, at start-up, not on a request's thread.
        SmevXmlSecurity.install();
        if (!properties.verifySignatures()) {
            return new SmevAttachmentCrypto(null);
        }
        try {
            return new SmevAttachmentCrypto(KeyMaterial.trusted(properties.trustStore(),
                    properties.trustStorePassword()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("moku.gateway.attachments.trust-store " + properties.trustStore()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The intake's attachments (not {@code @Primary}: a test may put its own recording one in front). */
    @Bean
    public AttachmentIntake attachmentIntake(AttachmentStore store, AttachmentCrypto crypto,
                                             AttachmentProperties properties, XmlWorkers xmlWorkers) {
        return new StoringAttachmentIntake(store, crypto, properties.maxSize().toBytes(), xmlWorkers.scheduler());
    }

    @Bean
    public FileStorageWorkers fileStorageWorkers(AttachmentProperties properties) {
        return new FileStorageWorkers(properties.ftp().threads(), properties.ftp().queue());
    }

    @Bean
    @ConditionalOnMissingBean
    public FileStorageClient fileStorageClient(AttachmentProperties properties, FileStorageWorkers fileStorageWorkers) {
        AttachmentProperties.Ftp ftp = properties.ftp();
        return new FtpFileStorageClient(ftp.host(), ftp.port(), ftp.pathTemplate(), ftp.connectTimeout(),
                ftp.dataTimeout(), fileStorageWorkers.scheduler());
    }

    @Bean
    public FsAttachmentFetcher fsAttachmentFetcher(AttachmentStore store, FileStorageClient client,
                                                   AttachmentCrypto crypto, Incidents incidents,
                                                   TransactionalOperator transactionalOperator,
                                                   AttachmentProperties properties, FileStorageWorkers fileStorageWorkers,
                                                   XmlWorkers xmlWorkers, MeterRegistry meterRegistry) {
        AttachmentProperties.Fetch fetch = properties.fetch();
        return new FsAttachmentFetcher(store, client, crypto, incidents, transactionalOperator,
                new FsAttachmentFetcher.Settings(fetch.interval(), fetch.batchSize(), fetch.concurrency(),
                        fetch.attempts(), new FetchBackoff(fetch.firstBackoff(), fetch.maxBackoff()), fetch.lease(),
                        properties.maxSize().toBytes(), fetch.enabled()),
                fileStorageWorkers.scheduler(), xmlWorkers.scheduler(), meterRegistry);
    }

    @Bean
    public FsAttachmentRedriver fsAttachmentRedriver(AttachmentStore store) {
        return new FsAttachmentRedriver(store);
    }
}
