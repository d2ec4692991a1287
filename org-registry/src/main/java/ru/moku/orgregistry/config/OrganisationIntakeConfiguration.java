package ru.moku.orgregistry.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.organisation.OrganisationSubmissionHandler;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/**
 * Variant 1 of the intake (seed 000 steps 8–10): consumes {@code pos-os.organisations} (prefetch and concurrency:
 * {@code moku.messaging.consumer.*}).
 */
@Configuration(proxyBeanMethods = false)
public class OrganisationIntakeConfiguration {

    @Bean
    public ReliableConsumer<OrganisationSubmission> organisationSubmissionConsumer(
            ReliableConsumers consumers, OrganisationSubmissionHandler handler) {
        return consumers.create(Destinations.ORGANISATION_SUBMISSIONS, OrganisationSubmission.class, handler);
    }
}
