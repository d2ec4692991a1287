package ru.moku.survey.organisation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;

/**
 * ЛКО's organisation API, {@code POST /api/v1/organisations} (seed 000 step 11): ЛКО creates the organisation and
 * its founder, or returns the one it has for the same МОКУ id, and answers {@code 200} with the pair of ids;
 * {@code 422} with every invalid field otherwise (problem document of {@code web.SurveyServiceProblems}). Each
 * request is counted in {@value #REQUESTS_METRIC} by {@code outcome}.
 */
@RestController
class LkoOrganisationController {

    /** Counter of organisation requests by {@code outcome}: created, existing, invalid. */
    static final String REQUESTS_METRIC = "moku.survey.organisation.requests";

    private final LkoOrganisationRepository organisations;
    private final MeterRegistry meters;

    LkoOrganisationController(LkoOrganisationRepository organisations, ObjectProvider<MeterRegistry> meters) {
        this.organisations = organisations;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @PostMapping("/api/v1/organisations")
    Mono<LkoOrganisationCreated> create(@RequestBody LkoOrganisationRequest request) {
        return Mono.fromSupplier(() -> OrganisationValidation.problems(request))
                .flatMap(errors -> errors.isEmpty() ? Mono.<Void>empty()
                        : Mono.error(new InvalidOrganisationException(errors)))
                .then(Mono.defer(() -> organisations.createOrFind(request)))
                .doOnNext(stored -> count(stored.created() ? "created" : "existing"))
                .doOnError(InvalidOrganisationException.class, invalid -> count("invalid"))
                .map(LkoOrganisationRepository.Stored::ids);
    }

    private void count(String outcome) {
        Counter.builder(REQUESTS_METRIC)
                .description("Organisation requests to ЛКО by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
