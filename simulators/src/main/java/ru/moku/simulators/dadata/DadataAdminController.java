package ru.moku.simulators.dadata;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;

/**
 * {@code /admin/dadata}: the directory of parties (what an identifier gives, registering parties and unknown
 * identifiers), the injected faults, the daily quota and the request counters. Not part of Dadata.
 */
@RestController
@RequestMapping("/admin/dadata")
class DadataAdminController {

    static final int MAX_SAMPLE = 100_000;

    private final PartyDirectory directory;
    private final DadataFaultInjector faultInjector;
    private final SlidingWindowRateLimiter rateLimiter;
    private final DailyQuota quota;
    private final RequestStats stats;
    private final Random random;
    private final Validator validator;

    DadataAdminController(PartyDirectory directory, DadataFaultInjector faultInjector, SlidingWindowRateLimiter rateLimiter,
                          DailyQuota quota, RequestStats stats, Random dadataRandom, Validator validator) {
        this.directory = directory;
        this.faultInjector = faultInjector;
        this.rateLimiter = rateLimiter;
        this.quota = quota;
        this.stats = stats;
        this.random = dadataRandom;
        this.validator = validator;
    }

    /** What {@code findById/party} gives for {@code identifier}: 200 with the party, or 404 with the reason. */
    @GetMapping("/parties/{identifier}")
    ResponseEntity<PartyProfile> party(@PathVariable String identifier) {
        PartyProfile profile = directory.find(identifier.trim());
        return ResponseEntity.status(profile.outcome().found() ? HttpStatus.OK : HttpStatus.NOT_FOUND).body(profile);
    }

    /** Registered parties and unknown identifiers (generated ones are not listed: every valid identifier has one). */
    @GetMapping("/parties")
    List<PartySummary> registeredParties() {
        return directory.registered();
    }

    /** Registers a party, or identifiers as unknown, replacing what they gave before. */
    @PostMapping("/parties")
    ResponseEntity<PartyProfile> register(@RequestBody PartyRegistration registration) {
        return ResponseEntity.status(HttpStatus.CREATED).body(directory.register(registration));
    }

    /** Forgets the registration of {@code identifier}: it gives its generated party again. */
    @DeleteMapping("/parties/{identifier}")
    ResponseEntity<Void> forget(@PathVariable String identifier) {
        return directory.forget(identifier.trim()) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @DeleteMapping("/parties")
    ResponseEntity<Void> forgetAll() {
        directory.forgetAll();
        return ResponseEntity.noContent().build();
    }

    /** {@code count} valid ИНН with their expected outcomes; the same {@code seed} gives the same ones. */
    @GetMapping("/parties/sample")
    PartySample sample(@RequestParam(defaultValue = "10") int count, @RequestParam(required = false) Long seed,
                       @RequestParam(defaultValue = "0") double individualShare) {
        require(count >= 1 && count <= MAX_SAMPLE, "count must be 1.." + MAX_SAMPLE);
        require(individualShare >= 0 && individualShare <= 1, "individualShare must be 0..1");
        return directory.sample(count, seed != null ? seed : random.nextLong(), individualShare);
    }

    @GetMapping("/faults")
    DadataFaultSettings faults() {
        return DadataFaultSettings.of(faultInjector.current());
    }

    /** Replaces the injected faults (a field left out means that fault is off) and starts a fresh rate window. */
    @PutMapping("/faults")
    Mono<DadataFaultSettings> replaceFaults(@RequestBody DadataFaultSettings settings) {
        Faults faults = settings.toFaults();
        // Bean Validation reads its message bundles from jars on the first violation: not on an event loop.
        return Mono.fromCallable(() -> validator.validate(faults))
                .subscribeOn(Schedulers.boundedElastic())
                .map(violations -> {
                    require(violations.isEmpty(), describe(violations));
                    faultInjector.replace(faults);
                    rateLimiter.reset();
                    return DadataFaultSettings.of(faults);
                });
    }

    /** Back to the faults of the configuration ({@code simulators.dadata.faults.*}), with a fresh rate window. */
    @DeleteMapping("/faults")
    DadataFaultSettings resetFaults() {
        rateLimiter.reset();
        return DadataFaultSettings.of(faultInjector.reset());
    }

    @GetMapping("/quota")
    QuotaState quota() {
        return quota.state(faultInjector.current().dailyQuota());
    }

    /** Starts the quota's day afresh, as midnight would. */
    @DeleteMapping("/quota")
    QuotaState resetQuota() {
        quota.reset();
        return quota();
    }

    @GetMapping("/stats")
    DadataStats stats() {
        return stats.snapshot();
    }

    @DeleteMapping("/stats")
    ResponseEntity<Void> resetStats() {
        stats.reset();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static String describe(Set<ConstraintViolation<Faults>> violations) {
        return violations.stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
