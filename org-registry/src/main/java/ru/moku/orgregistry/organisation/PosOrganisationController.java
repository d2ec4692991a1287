package ru.moku.orgregistry.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.model.organisation.OrganisationSubmission;

/**
 * ПОС.ОС's organisation API. Variant 2 of seed 000 steps 8–10:
 * {@code PUT /api/v1/organisations/{mokuOrganisationId}} accepts an organisation and answers {@code 200} with it as
 * stored — the same PUT again changes nothing and answers the same; {@code 422} with every invalid field (including a path id that differs from the body's); {@code 400} naming the field for an
 * unreadable request (problem documents of {@code web.OrgRegistryProblems}).
 */
@RestController
@RequestMapping("/api/v1/organisations")
class PosOrganisationController {

    private final OrganisationAcceptance acceptance;
    private final OrganisationRepository organisations;

    PosOrganisationController(OrganisationAcceptance acceptance, OrganisationRepository organisations) {
        this.acceptance = acceptance;
        this.organisations = organisations;
    }

    @PutMapping("/{mokuOrganisationId}")
    Mono<OrganisationView> put(@PathVariable UUID mokuOrganisationId,
                               @RequestBody OrganisationSubmission submission) {
        return Mono.defer(() -> {
            List<Problem> errors = new ArrayList<>();
            if (submission.mokuOrganisationId() != null && !mokuOrganisationId.equals(submission.mokuOrganisationId())) {
                errors.add(new Problem("mokuOrganisationId", "must equal the id in the path, " + mokuOrganisationId));
            }
            errors.addAll(SubmissionValidation.problems(submission));
            // The answer is the organisation as stored, read after the acceptance committed.
            return errors.isEmpty()
                    ? acceptance.accept(submission, null).then(organisations.find(mokuOrganisationId))
                    : Mono.error(new InvalidSubmissionException(errors));
        });
    }

    /** The organisation as stored, with where its hand-off to ЛКО stands. */
    @GetMapping("/{mokuOrganisationId}")
    Mono<OrganisationView> get(@PathVariable UUID mokuOrganisationId) {
        return organisations.find(mokuOrganisationId)
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no organisation " + mokuOrganisationId)));
    }
}
