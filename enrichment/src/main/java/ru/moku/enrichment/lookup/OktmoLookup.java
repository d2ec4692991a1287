package ru.moku.enrichment.lookup;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
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
    /** The subject of the service-wide incident of a refused key. */
    static final String DADATA_SUBJECT = "dadata";
    /** Counter of answers by {@code outcome} and {@code source} ({@code cache} or {@code dadata}), one per flight. */
    static final String LOOKUPS_METRIC = "moku.enrichment.lookups";
    private static final Logger log = LoggerFactory.getLogger(OktmoLookup.class);

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

    /**
     * The answers for several identifiers, by identifier value: the cache is read once for all of them (one
     * statement where {@link #lookup} reads it per identifier), then Dadata is asked for each one the cache did not
     * have, {@code concurrency} at a time, single-flight as in {@link #lookup}.
     */
    public Mono<Map<String, OktmoAnswer>> lookupAll(List<PartyIdentifier> identifiers, int concurrency) {
        return cache.findFresh(identifiers)
                .flatMap(cached -> {
                    cached.values().forEach(answer -> count(answer, "cache"));
                    Map<String, PartyIdentifier> missing = new LinkedHashMap<>();
                    identifiers.stream().filter(identifier -> !cached.containsKey(identifier.value()))
                            .forEach(identifier -> missing.putIfAbsent(identifier.value(), identifier));
                    return Flux.fromIterable(missing.values())
                            .flatMap(this::afterCacheMiss, concurrency)
                            .collectMap(OktmoAnswer::identifier, answer -> answer, () -> new HashMap<>(cached));
                });
    }

    /** Dadata for an identifier the cache has just been asked for in vain; joins a flight already under way. */
    private Mono<OktmoAnswer> afterCacheMiss(PartyIdentifier identifier) {
        return Mono.defer(() -> inFlight.computeIfAbsent(identifier.value(), key -> fresh(identifier)
                .doOnTerminate(() -> inFlight.remove(key))
                .doOnCancel(() -> inFlight.remove(key))
                .cache()));
    }

    private Mono<OktmoAnswer> fresh(PartyIdentifier identifier) {
        return askDadata(identifier).flatMap(cache::store).doOnNext(answer -> count(answer, "dadata"));
    }

    private Mono<OktmoAnswer> cachedOrFresh(PartyIdentifier identifier) {
        return cache.findFresh(identifier)
                .doOnNext(answer -> count(answer, "cache"))
                .switchIfEmpty(Mono.defer(() -> fresh(identifier)));
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
                : answer(identifier, OktmoOutcome.NOT_FOUND, null,
                        OktmoReason.of(party.absence()).text(party.detail()), attempts, null);
    }

    /**
     * Scenario C and the closed door: a FAILED answer whose reason says why, and an incident for the party (subject:
     * its identifier) — also when Dadata was not asked because the circuit is open. A refused key is also reported
     * for the whole service (subject {@code dadata}), once each time it opens the circuit.
     */
    private Mono<OktmoAnswer> failed(PartyIdentifier identifier, Throwable error, int attempts) {
        OktmoReason code = OktmoReason.of(error);
        String reason = OktmoReason.describe(error, attempts, calls.callTimeout(), calls.openFor());
        if (code == OktmoReason.LOOKUP_ERROR) {
            log.error("Lookup of {} failed unexpectedly", identifier.value(), error);
        } else {
            log.warn("Lookup of {} failed: {}", identifier.value(), reason);
        }
        String message = reason + dadatasAnswer(error);
        Mono<UUID> denial = code == OktmoReason.ACCESS_DENIED && calls.stopCalling()
                ? incident(ACCESS_DENIED, DADATA_SUBJECT, message, identifier, attempts)
                : Mono.empty();
        IncidentKind kind = code == OktmoReason.REQUEST_REJECTED ? REQUEST_REJECTED : LOOKUP_FAILED;
        return denial.then(incident(kind, identifier.value(), message, identifier, attempts))
                .map(id -> answer(identifier, OktmoOutcome.FAILED, null, reason, attempts, id));
    }

    /** What Dadata said when it refused: for the incident, whose reader may need it (not for the reason). */
    private static String dadatasAnswer(Throwable error) {
        String body = error instanceof DadataFailure.Refused refused ? refused.body() : "";
        return body.isEmpty() ? "" : " Dadata's answer: " + body;
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
