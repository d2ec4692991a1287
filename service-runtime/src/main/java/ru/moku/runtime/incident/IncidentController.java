package ru.moku.runtime.incident;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Operator API for incidents, the same in every service: {@code /api/v1/incidents}. */
@RestController
@RequestMapping("/api/v1/incidents")
public class IncidentController {

    private final Incidents incidents;

    public IncidentController(Incidents incidents) {
        this.incidents = incidents;
    }

    /** Incidents, newest first, filtered by kind, status and subject (a card id, a raw message id). */
    @GetMapping
    public Flux<Incident> list(@RequestParam(required = false) String kind,
                               @RequestParam(required = false) Incident.Status status,
                               @RequestParam(required = false) String subject,
                               @RequestParam(defaultValue = "100") int limit) {
        return incidents.find(kind, status, subject, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/{id}")
    public Mono<Incident> get(@PathVariable UUID id) {
        return incidents.get(id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Marks the incident resolved with a comment. */
    @PostMapping("/{id}/resolve")
    public Mono<Incident> resolve(@PathVariable UUID id, @RequestBody(required = false) Resolution resolution) {
        return incidents.resolve(id, resolution == null ? null : resolution.comment())
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static ResponseStatusException notFound(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no incident " + id);
    }

    /** Body of a resolve call. */
    public record Resolution(String comment) {
    }
}
