package ru.moku.cardprocessor.correction;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.web.ProblemAdvice;

/**
 * An operator sets the ОКТМО of a party by hand (issue 13): {@code PUT /api/v1/parties/{identifier}/oktmo}
 * {@code {"oktmo": "92701000"}} with an operator's token. The code is checked against ЛКО's ОКТМО directory first (off
 * any transaction): a code the directory never had or that is abolished is a {@code 422}, a directory that cannot be
 * asked a {@code 503}. Then, in one transaction, every enriched card with a party of that ИНН/ОГРН takes it
 * ({@link OktmoCorrections}, as a retried lookup's answer would) and its organisation goes to ПОС.ОС and ЛКО again:
 * {@code 202} with the cards changed (none when they had it already). A malformed identifier or code is a {@code 400},
 * an identifier no card has a {@code 404}. The enrichment service's incident of the party stays for the operator to
 * resolve.
 */
@RestController
class OktmoCorrectionController {


    private final OktmoCorrections corrections;
    private final DirectoryClient directory;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    OktmoCorrectionController(OktmoCorrections corrections, DirectoryClient directory, TransactionalOperator tx) {
        this.corrections = corrections;
        this.directory = directory;
        this.tx = tx;
    }

    /** The body: the ОКТМО to set. */
    record SetOktmo(String oktmo) {
    }

    /**
     * The answer.
     *
     * @param identifier the party's ИНН or ОГРН
     * @param oktmo      the ОКТМО set
     * @param name       the municipality's name in the directory
     * @param regionName its region's name in the directory
     * @param cards      the cards that took it
     */
    record OktmoSet(String identifier, String oktmo, String name, String regionName, List<UUID> cards) {
    }

    @PutMapping("/api/v1/parties/{identifier}/oktmo")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<OktmoSet> set(@PathVariable String identifier, @RequestBody SetOktmo body, ServerHttpRequest request) {
        Optional<String> identifierProblem = identifierProblem(identifier);
        if (identifierProblem.isPresent()) {
            return Mono.error(problem(HttpStatus.BAD_REQUEST, "invalid-identifier", "Invalid identifier",
                    identifierProblem.get(), request));
        }
        Optional<String> oktmoProblem = body.oktmo() == null ? Optional.of("oktmo must be given")
                : Oktmo.problem(body.oktmo()).map(problem -> "oktmo: " + problem);
        if (oktmoProblem.isPresent()) {
            return Mono.error(problem(HttpStatus.BAD_REQUEST, "invalid-oktmo", "Invalid ОКТМО", oktmoProblem.get(),
                    request));
        }
        String oktmo = body.oktmo();
        return corrections.known(identifier)
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.NOT_FOUND, "party-not-found", "Party not found",
                        "No card has a party with ИНН/ОГРН " + identifier + ".", request)))
                .then(Mono.defer(() -> inDirectory(oktmo, request)))
                .flatMap(entry -> tx.transactional(corrections.apply(identifier, OktmoOutcome.FOUND, oktmo, null,
                                clock.instant(), null))
                        .map(cards -> new OktmoSet(identifier, oktmo, entry.name(), entry.regionName(), cards)));
    }

    /** The directory's current record of {@code oktmo}, or the problem an operator is answered. */
    private Mono<DirectoryClient.Entry> inDirectory(String oktmo, ServerHttpRequest request) {
        return directory.find(oktmo)
                .onErrorMap(DirectoryClient.Unavailable.class, unavailable -> problem(HttpStatus.SERVICE_UNAVAILABLE,
                        "directory-unavailable", "Directory unavailable",
                        "The ОКТМО directory could not be asked (" + unavailable.getMessage() + "); retry later.",
                        request))
                .switchIfEmpty(Mono.error(() -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-oktmo",
                        "Unknown ОКТМО", "The ОКТМО directory has no code " + oktmo + ".", request)))
                .flatMap(entry -> entry.current() ? Mono.just(entry)
                        : Mono.error(problem(HttpStatus.UNPROCESSABLE_CONTENT, "abolished-oktmo", "Abolished ОКТМО",
                                "ОКТМО " + oktmo + " (" + entry.name() + ") is abolished in the current directory.",
                                request)));
    }

    /** What is wrong with an identifier: an ИНН has 10 or 12 digits, an ОГРН 13 or 15, each with its check digits. */
    static Optional<String> identifierProblem(String identifier) {
        return switch (identifier.length()) {
            case 10, 12 -> Inn.problem(identifier).map(problem -> "ИНН " + identifier + ": " + problem);
            case 13, 15 -> Ogrn.problem(identifier).map(problem -> "ОГРН " + identifier + ": " + problem);
            default -> Optional.of("'" + identifier + "' is neither an ИНН (10 or 12 digits) nor an ОГРН (13 or 15)");
        };
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail,
                                                  ServerHttpRequest request) {
        return ProblemAdvice.exception(request, status, type, title, detail);
    }
}
