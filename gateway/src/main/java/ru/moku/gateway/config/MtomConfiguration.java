package ru.moku.gateway.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import ru.moku.gateway.mtom.MtomReader;

/** The MTOM reader shared by push and pull, and the bounded threads its temporary files are written on. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MtomProperties.class)
public class MtomConfiguration {

    /** How long an idle disk thread is kept (seconds). */
    private static final int DISK_THREAD_TTL_SECONDS = 60;

    /** Closing the reader disposes its disk threads (not a bean of their own: other beans take a Scheduler by type). */
    @Bean(destroyMethod = "close")
    public MtomReader mtomReader(MtomProperties properties) {
        Scheduler mtomDiskWorkers = Schedulers.newBoundedElastic(properties.diskThreads(), properties.diskQueue(),
                "mtom-disk", DISK_THREAD_TTL_SECONDS, true);
        return new MtomReader(properties.maxPartSize().toBytes(), properties.maxMessageSize().toBytes(),
                properties.maxParts(), (int) properties.maxInMemorySize().toBytes(),
                (int) properties.maxHeadersSize().toBytes(), properties.readTimeout(), mtomDiskWorkers);
    }
}
