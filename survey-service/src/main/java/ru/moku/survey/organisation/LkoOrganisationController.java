package ru.moku.survey.organisation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.survey.faults.RejectionRules;

/**
 * ЛКО's organisation API, {@code POST /api/v1/organisations} (seed 000 step 11): ЛКО creates the organisation and
 * its founder, or returns the one it has for the same МОКУ id, and answers {@code 200} with the pair of ids;
 * {@code 422} with every invalid field otherwise. Each request is counted in {@value #REQUESTS_METRIC} by {@code outcome}.
 */
@RestController
class LkoOrganisationController {

    /** Counter of organisation requests by {@code outcome}: created, existing, invalid, refused (fault injector). */
    static final String REQUESTS_METRIC = "moku.survey.organisation.requests";

    private static final URI INVALID = URI.create("https://moku-platform/problems/invalid-organisation");
    private static final URI REFUSED = URI.create("https://moku-platform/problems/organisation-refused");

    private final LkoOrganisationRepository organisations;
    private final RejectionRules rejectionRules;
    private final MeterRegistry meters;

    LkoOrganisationController(LkoOrganisationRepository organisations, RejectionRules rejectionRules,
                              ObjectProvider<MeterRegistry> meters) {
        this.organisations = organisations;
        this.rejectionRules = rejectionRules;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @PostMapping("/api/v1/organisations")
    Mono<LkoOrganisationCreated> create(@RequestBody LkoOrganisationRequest request) {
        return Mono.fromSupplier(() -> OrganisationValidation.problems(request))
                .flatMap(errors -> errors.isEmpty()
                        ? refuseByRule(request)
                        : Mono.error(new InvalidOrganisationException(errors, false)))
                .then(Mono.defer(() -> organisations.createOrFind(request)))
                .doOnNext(stored -> count(stored.created() ? "created" : "existing"))
                .map(LkoOrganisationRepository.Stored::ids);
    }

    private Mono<Void> refuseByRule(LkoOrganisationRequest request) {
        return rejectionRules.refuses(request.mokuOrganisationId(), request.inn())
                .flatMap(refused -> refused
                        ? Mono.error(new InvalidOrganisationException(List.of(new Problem("inn",
                                "ЛКО refuses this organisation (fault injection rule)")), true))
                        : Mono.empty());
    }

    @ExceptionHandler(InvalidOrganisationException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidOrganisationException error) {
        count(error.refusedByRule() ? "refused" : "invalid");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                error.errors().size() + " invalid field(s)");
        problem.setType(error.refusedByRule() ? REFUSED : INVALID);
        problem.setTitle(error.refusedByRule() ? "Organisation refused" : "Invalid organisation");
        problem.setInstance(URI.create("/api/v1/organisations"));
        problem.setProperty("errors", error.errors());
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private void count(String outcome) {
        Counter.builder(REQUESTS_METRIC)
                .description("Organisation requests to ЛКО by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
