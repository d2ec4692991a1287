package ru.moku.cardprocessor.intake;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes {@code qal.service-cards} (prefetch and concurrency: {@code moku.messaging.consumer.*}). */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    ReliableConsumer<ServiceCard> serviceCardConsumer(ReliableConsumers consumers, CardIntake intake) {
        return consumers.create(Destinations.SERVICE_CARDS, ServiceCard.class, intake, intake);
    }
}
