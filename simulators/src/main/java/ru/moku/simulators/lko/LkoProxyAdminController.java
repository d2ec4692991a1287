package ru.moku.simulators.lko;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/lko}: the rules of refusal ({@code rejections}: organisations ЛКО answers 422 through the proxy),
 * all the injected faults ({@code faults}: the rules plus latency) and the counters. Not part of ЛКО.
 */
@RestController
@RequestMapping("/admin/lko")
class LkoProxyAdminController {

    private final LkoFaultInjector faults;
    private final LkoProxyCounters counters;

    LkoProxyAdminController(LkoFaultInjector faults, LkoProxyCounters counters) {
        this.faults = faults;
        this.counters = counters;
    }

    @GetMapping("/rejections")
    Rejections rejections() {
        return faults.current().rejections();
    }

    /** Replaces the rules: from now on these organisations are answered 422. */
    @PutMapping("/rejections")
    Rejections replaceRejections(@RequestBody Rejections rejections) {
        return faults.replaceRejections(rejections);
    }

    /** Removes every rule (the latency stays). */
    @DeleteMapping("/rejections")
    Rejections clearRejections() {
        return faults.replaceRejections(Rejections.NONE);
    }

    @GetMapping("/faults")
    LkoFaultSettings faults() {
        return LkoFaultSettings.of(faults.current());
    }

    /** Replaces all the faults: a field left out means that fault is off. */
    @PutMapping("/faults")
    LkoFaultSettings replaceFaults(@RequestBody LkoFaultSettings settings) {
        faults.replace(settings.toFaults());
        return LkoFaultSettings.of(faults.current());
    }

    /** Back to the faults of the configuration ({@code simulators.lko.faults.*}). */
    @DeleteMapping("/faults")
    LkoFaultSettings resetFaults() {
        return LkoFaultSettings.of(faults.reset());
    }

    @GetMapping("/stats")
    LkoProxyStats stats() {
        return counters.snapshot();
    }

    @DeleteMapping("/stats")
    ResponseEntity<Void> resetStats() {
        counters.reset();
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
