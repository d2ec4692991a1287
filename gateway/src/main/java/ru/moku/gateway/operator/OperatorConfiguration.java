package ru.moku.gateway.operator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.config.XmlWorkers;
import ru.moku.gateway.intake.IntakeStore;
import ru.moku.gateway.intake.ServiceDataMapper;
import ru.moku.gateway.intake.SmevResponseReader;

/** The operator API's beans and the periodic reprocessing job. */
@Configuration(proxyBeanMethods = false)
public class OperatorConfiguration {

    @Bean
    public RawMessageQueries rawMessageQueries(DatabaseClient databaseClient) {
        return new RawMessageQueries(databaseClient);
    }

    @Bean
    public Reprocessing reprocessing(DatabaseClient databaseClient, TransactionalOperator transactionalOperator,
                                     IntakeStore store, SmevResponseReader reader, ServiceDataMapper mapper,
                                     XmlWorkers xmlWorkers) {
        return new Reprocessing(databaseClient, transactionalOperator, store, reader, mapper, xmlWorkers.scheduler());
    }

    @Bean
    @ConditionalOnProperty(prefix = "moku.gateway.reprocessing", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public ReprocessingJob reprocessingJob(Reprocessing reprocessing, GatewayProperties properties) {
        return new ReprocessingJob(reprocessing, properties.reprocessing());
    }
}
