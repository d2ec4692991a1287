package ru.moku.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.ServiceDataMapper;
import ru.moku.gateway.intake.SmevResponseReader;
import ru.moku.gateway.operator.RawMessageRepository;
import ru.moku.gateway.operator.Reprocessing;
import ru.moku.gateway.operator.ReprocessingJob;
import ru.moku.gateway.xml.XmlWorkers;

/** The operator API's beans and the periodic reprocessing job. */
@Configuration(proxyBeanMethods = false)
public class OperatorConfiguration {

    @Bean
    public RawMessageRepository rawMessageRepository(DatabaseClient databaseClient) {
        return new RawMessageRepository(databaseClient);
    }

    @Bean
    public Reprocessing reprocessing(TransactionalOperator transactionalOperator, IntakeRepository store,
                                     SmevResponseReader reader, ServiceDataMapper mapper, XmlWorkers xmlWorkers) {
        return new Reprocessing(transactionalOperator, store, reader, mapper, xmlWorkers.scheduler());
    }

    @Bean
    @ConditionalOnProperty(prefix = "moku.gateway.reprocessing", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public ReprocessingJob reprocessingJob(Reprocessing reprocessing, GatewayProperties properties) {
        return new ReprocessingJob(reprocessing, properties.reprocessing());
    }
}
