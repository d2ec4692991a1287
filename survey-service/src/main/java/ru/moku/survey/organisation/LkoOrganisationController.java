package ru.moku.survey.organisation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.organisation.LkoOrganisationUpdated;
import ru.moku.model.organisation.OrganisationRules.Problem;

/**
 * ЛКО's organisation API, {@code POST /api/v1/organisations} (seed 000 step 11): ЛКО creates the organisation and
 * its founder, or returns the one it has for the same МОКУ id, and answers {@code 200} with the pair of ids;
 * {@code 422} with every invalid field otherwise (problem document of {@code web.SurveyServiceProblems}). Each
 * request is counted in {@value #REQUESTS_METRIC} by {@code outcome}.
 */
@RestController
class LkoOrganisationController {

    /** Counter of organisation requests by {@code outcome}: created, existing, updated, stale, invalid. */
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

    /**
     * ЛКО's update operation (issue 13): the organisation as ПОС.ОС now knows it — a corrected ОКТМО, address or
     * name. {@code 200} with the revision ЛКО holds and whether this update was applied (a repeated or overtaken one
     * is not: idempotent); {@code 404} for an organisation ЛКО does not have; {@code 422} with every invalid field,
     * also when the body's МОКУ id is not the path's.
     */
    @PutMapping("/api/v1/organisations/{mokuOrganisationId}")
    Mono<LkoOrganisationUpdated> update(@PathVariable UUID mokuOrganisationId,
                                        @RequestBody LkoOrganisationUpdate update) {
        return Mono.fromSupplier(() -> updateProblems(mokuOrganisationId, update))
                .flatMap(errors -> errors.isEmpty() ? Mono.<Void>empty()
                        : Mono.error(new InvalidOrganisationException(errors)))
                .then(Mono.defer(() -> organisations.update(update)))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "ЛКО has no organisation " + mokuOrganisationId)))
                .doOnNext(updated -> count(updated.applied() ? "updated" : "stale"))
                .doOnError(InvalidOrganisationException.class, invalid -> count("invalid"));
    }

    private static List<Problem> updateProblems(UUID pathId, LkoOrganisationUpdate update) {
        List<Problem> errors = new ArrayList<>();
        if (update.mokuOrganisationId() != null && !update.mokuOrganisationId().equals(pathId)) {
            errors.add(new Problem("mokuOrganisationId", "must be the path's " + pathId));
        }
        if (update.revision() < 1) {
            errors.add(new Problem("revision", "must be at least 1"));
        }
        errors.addAll(OrganisationValidation.problems(update.asRequest()));
        return errors;
    }

    private void count(String outcome) {
        Counter.builder(REQUESTS_METRIC)
                .description("Organisation requests to ЛКО by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
