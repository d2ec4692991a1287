package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.outcome.CardOutcomeHandler;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes card-processor's outcomes from {@code smev.card-outcomes}. */
@Configuration(proxyBeanMethods = false)
public class OutcomeConfiguration {

    @Bean
    public ReliableConsumer<CardOutcome> cardOutcomeConsumer(ReliableConsumers consumers, IntakeRepository store,
                                                             ObjectProvider<MeterRegistry> meters) {
        return consumers.create(Destinations.CARD_OUTCOMES, CardOutcome.class, new CardOutcomeHandler(store,
                meters.getIfAvailable(SimpleMeterRegistry::new)));
    }
}
