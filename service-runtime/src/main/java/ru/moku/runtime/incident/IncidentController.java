package ru.moku.runtime.incident;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.web.Keyset;

/**
 * Operator API for incidents, the same in every service: {@code /api/v1/incidents}. Retrying re-drives the failed
 * step through the service's {@link IncidentRedriver} beans, if one supports the incident.
 */
@RestController
@RequestMapping("/api/v1/incidents")
public class IncidentController {

    private final Incidents incidents;
    private final IncidentRedrivers redrivers;
    private final MessagingProperties.Incidents paging;

    public IncidentController(Incidents incidents, IncidentRedrivers redrivers, MessagingProperties.Incidents paging) {
        this.incidents = incidents;
        this.redrivers = redrivers;
        this.paging = paging;
    }

    /**
     * One page of incidents, newest first, filtered by kind, status and subject (a card id, a raw message id):
     * {@code {"items":[…],"next":"<cursor>"|null}}; the next page is asked for with {@code cursor=<next>}. A
     * {@code limit} that is not a number from 1 to the maximum page size, a cursor this list did not give out or an
     * unknown kind or status is a 400.
     */
    @GetMapping
    public Mono<Keyset.Page<Incident>> list(@RequestParam(required = false) IncidentKind kind,
                                            @RequestParam(required = false) Incident.Status status,
                                            @RequestParam(required = false) String subject,
                                            @RequestParam(name = Keyset.LIMIT, required = false) String limit,
                                            @RequestParam(name = Keyset.CURSOR, required = false) String cursor) {
        int size = Keyset.pageSize(limit, paging.defaultPageSize(), paging.maxPageSize());
        Optional<Keyset.Position> after = Keyset.after(cursor);
        return incidents.find(kind, status, subject, after, size + 1)
                .collectList()
                .map(rows -> Keyset.page(rows, size, incident -> new Keyset.Position(incident.createdAt(),
                        incident.id())));
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

    /**
     * Re-drives the failed step of an open incident (idempotently, through the service's {@link IncidentRedriver})
     * and resolves it with the comment {@code "retried"}: {@code 202} with the resolved incident; {@code 404} for
     * an unknown id; {@code 409} if it is resolved already or no redriver of this service supports its kind.
     */
    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Mono<Incident> retry(@PathVariable UUID id, @RequestBody(required = false) Resolution resolution) {
        String comment = resolution == null ? null : resolution.comment();
        return incidents.get(id)
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(incident -> redriverFor(incident)
                        .map(redriver -> incidents.retry(id, redriver, comment)
                                .switchIfEmpty(Mono.error(() -> conflict("incident " + id + " is resolved already"))))
                        .orElseGet(() -> Mono.error(conflict(incident.status() == Incident.Status.OPEN
                                ? "incidents of kind " + incident.kind() + " cannot be re-driven by this service"
                                + " (resolve it instead)"
                                : "incident " + id + " is resolved already"))));
    }

    /** A redriver for an open incident; none for a resolved one. */
    private Optional<IncidentRedriver> redriverFor(Incident incident) {
        if (incident.status() != Incident.Status.OPEN) {
            return Optional.empty();
        }
        return redrivers.forKind(incident.kind());
    }

    private static ResponseStatusException conflict(String detail) {
        return new ResponseStatusException(HttpStatus.CONFLICT, detail);
    }

    private static ResponseStatusException notFound(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no incident " + id);
    }

    /** Body of a resolve call. */
    public record Resolution(String comment) {
    }
}
