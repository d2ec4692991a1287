package ru.moku.enrichment.lookup;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.dadata.DadataClient;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.enrichment.dadata.FindPartyRequest;
import ru.moku.enrichment.dadata.PartyOktmo;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ОКТМО of a party (seed 000 step 7): from the cache while it is fresh, else from Dadata through
 * {@link ResilientCalls}; the answer is stored either way. Concurrent lookups of one identifier in this
 * process share one call (single-flight). A lookup never fails for Dadata's sake: what cannot be asked
 * becomes a FAILED answer with an incident (the boundary of seed 000 step 7, scenario C).
 */
public class OktmoLookup {

    static final IncidentKind LOOKUP_FAILED = IncidentKind.DADATA_LOOKUP_FAILED;
    static final IncidentKind ACCESS_DENIED = IncidentKind.DADATA_ACCESS_DENIED;
    static final IncidentKind REQUEST_REJECTED = IncidentKind.DADATA_REQUEST_REJECTED;
    /** Counter of answers by {@code outcome} and {@code source} ({@code cache} or {@code dadata}), one per flight. */
    static final String LOOKUPS_METRIC = "moku.enrichment.lookups";

    private final DadataClient dadata;
    private final ResilientCalls calls;
    private final OktmoCache cache;
    private final Incidents incidents;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ConcurrentMap<String, Mono<OktmoAnswer>> inFlight = new ConcurrentHashMap<>();

    public OktmoLookup(DadataClient dadata, ResilientCalls calls, OktmoCache cache, Incidents incidents,
                       JsonMapper json, MeterRegistry meters) {
        this.dadata = dadata;
        this.calls = calls;
        this.cache = cache;
        this.incidents = incidents;
        this.json = json;
        this.meters = meters;
    }

    /** The cached or fresh answer for {@code identifier}. */
    public Mono<OktmoAnswer> lookup(PartyIdentifier identifier) {
        // Until the shared Mono ends every caller replays it. It leaves the map *before* its answer is passed on
        // (doOnTerminate, not doFinally), so a caller woken by that answer who asks again reads the cache.
        return Mono.defer(() -> inFlight.computeIfAbsent(identifier.value(), key -> cachedOrFresh(identifier)
                .doOnTerminate(() -> inFlight.remove(key))
                .doOnCancel(() -> inFlight.remove(key))
                .cache()));
    }

    private Mono<OktmoAnswer> cachedOrFresh(PartyIdentifier identifier) {
        return cache.findFresh(identifier)
                .doOnNext(answer -> count(answer, "cache"))
                .switchIfEmpty(Mono.defer(() -> askDadata(identifier).flatMap(cache::store))
                        .doOnNext(answer -> count(answer, "dadata")));
    }

    private void count(OktmoAnswer answer, String source) {
        meters.counter(LOOKUPS_METRIC, "outcome", answer.outcome().name(), "source", source).increment();
    }

    private Mono<OktmoAnswer> askDadata(PartyIdentifier identifier) {
        AtomicInteger attempts = new AtomicInteger();
        Mono<PartyOktmo> call = Mono.defer(() -> {
            attempts.incrementAndGet();
            return dadata.findOktmo(identifier.value());
        });
        return calls.protect(call)
                .map(party -> answered(identifier, party, attempts.get()))
                // Dadata's failures become answers; an Error (a bug, BlockHound in tests, no memory) must stay loud.
                .onErrorResume(Exception.class, error -> failed(identifier, error, attempts.get()));
    }

    private static OktmoAnswer answered(PartyIdentifier identifier, PartyOktmo party, int attempts) {
        return party.found()
                ? answer(identifier, OktmoOutcome.FOUND, party.oktmo().value(), null, attempts, null)
                : answer(identifier, OktmoOutcome.NOT_FOUND, null, party.reason(), attempts, null);
    }

    /** Scenario C and the closed door: one incident per cause, then a FAILED answer that says why. */
    private Mono<OktmoAnswer> failed(PartyIdentifier identifier, Throwable error, int attempts) {
        if (error instanceof CallNotPermittedException) {
            return Mono.just(answer(identifier, OktmoOutcome.FAILED, null,
                    "Dadata calls are paused (circuit open): " + error.getMessage(), attempts, null));
        }
        if (error instanceof DadataFailure.AccessDenied) {
            String reason = "Dadata refused our key or quota; calls paused: " + error.getMessage();
            if (!calls.stopCalling()) {
                return Mono.just(answer(identifier, OktmoOutcome.FAILED, null, reason, attempts, null));
            }
            return incident(ACCESS_DENIED, "dadata", reason, identifier, attempts)
                    .map(id -> answer(identifier, OktmoOutcome.FAILED, null, reason, attempts, id));
        }
        IncidentKind kind = error instanceof DadataFailure.RequestRejected ? REQUEST_REJECTED : LOOKUP_FAILED;
        String reason = attempts + " attempt(s) failed, last: " + error;
        return incident(kind, identifier.value(), reason, identifier, attempts)
                .map(id -> answer(identifier, OktmoOutcome.FAILED, null, reason, attempts, id));
    }

    private Mono<UUID> incident(IncidentKind kind, String subject, String message, PartyIdentifier identifier,
                                int attempts) {
        String request = json.writeValueAsString(FindPartyRequest.forIdentifier(identifier.value()));
        return incidents.register(new Incident.Draft(kind, subject, message, request, attempts));
    }

    private static OktmoAnswer answer(PartyIdentifier identifier, OktmoOutcome outcome, String oktmo, String reason,
                                      int attempts, UUID incidentId) {
        return new OktmoAnswer(identifier.value(), identifier.kind(), outcome, oktmo, reason, attempts, incidentId,
                null, false);
    }
}
