package ru.moku.orgregistry.organisation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes {@code pos-os.organisations} (prefetch and concurrency: {@code moku.messaging.consumer.*}). */
@Configuration(proxyBeanMethods = false)
class SubmissionConfiguration {

    @Bean
    ReliableConsumer<OrganisationSubmission> organisationSubmissionConsumer(ReliableConsumers consumers,
                                                                            SubmissionConsumer consumer) {
        return consumers.create(Destinations.ORGANISATION_SUBMISSIONS, OrganisationSubmission.class, consumer);
    }
}
