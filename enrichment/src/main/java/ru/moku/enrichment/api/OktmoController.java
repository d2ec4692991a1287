package ru.moku.enrichment.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.lookup.OktmoAnswer;
import ru.moku.enrichment.lookup.OktmoLookup;
import ru.moku.enrichment.lookup.PartyIdentifier;

/** Operators' view: {@code GET /api/v1/oktmo?inn=…} or {@code ?ogrn=…} → the cached or fresh answer. */
@RestController
class OktmoController {

    private final OktmoLookup lookup;

    OktmoController(OktmoLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping("/api/v1/oktmo")
    Mono<OktmoAnswer> oktmo(@RequestParam(required = false) String inn, @RequestParam(required = false) String ogrn) {
        return Mono.fromCallable(() -> identifier(inn, ogrn)).flatMap(lookup::lookup);
    }

    /** An invalid or missing identifier is the caller's fault. */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static PartyIdentifier identifier(String inn, String ogrn) {
        if ((inn == null) == (ogrn == null)) {
            throw new IllegalArgumentException("give exactly one of 'inn' and 'ogrn'");
        }
        return inn != null ? PartyIdentifier.inn(inn.trim()) : PartyIdentifier.ogrn(ogrn.trim());
    }
}
