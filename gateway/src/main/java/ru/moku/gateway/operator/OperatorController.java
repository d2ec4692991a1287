package ru.moku.gateway.operator;

import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.RawMessageStatus;

/**
 * Operator API of the intake: raw SMEV messages with their integration instances, and reprocessing
 * of what failed ({@code /api/v1/raw-messages}).
 */
@RestController
@RequestMapping("/api/v1/raw-messages")
public class OperatorController {

    private static final int MAX_LIMIT = 1000;

    private final RawMessageRepository queries;
    private final Reprocessing reprocessing;

    public OperatorController(RawMessageRepository queries, Reprocessing reprocessing) {
        this.queries = queries;
        this.reprocessing = reprocessing;
    }

    /** A raw message: status (code and name), error, instances with their statuses. */
    @GetMapping("/{id}")
    public Mono<RawMessageView> get(@PathVariable UUID id) {
        return queries.find(id).switchIfEmpty(Mono.error(() -> OperatorProblems.notFound(id)));
    }

    /** The body exactly as it arrived (as text). */
    @GetMapping(path = "/{id}/body", produces = MediaType.APPLICATION_XML_VALUE)
    public Mono<ResponseEntity<String>> body(@PathVariable UUID id) {
        return queries.body(id)
                .map(body -> ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(body))
                .switchIfEmpty(Mono.error(() -> OperatorProblems.notFound(id)));
    }

    /**
     * Raw messages, newest first. {@code status} is a code ({@code -1}) or a name ({@code INVALID});
     * {@code smevMessageId} finds one by SMEV's id.
     */
    @GetMapping
    public Flux<RawMessageView> list(@RequestParam(required = false) String status,
                                     @RequestParam(required = false) String smevMessageId,
                                     @RequestParam(defaultValue = "100") int limit) {
        RawMessageStatus wanted = status == null ? null : RawMessageStatus.parse(status).orElseThrow(() ->
                new ServerWebInputException("unknown status '" + status + "': use a code (0, 1, -1, 2, -2, 3, -3)"
                        + " or a name (" + java.util.Arrays.toString(RawMessageStatus.values()) + ")"));
        return queries.list(wanted, smevMessageId, Math.max(1, Math.min(limit, MAX_LIMIT)));
    }

    /**
     * Re-drives the raw message: re-publishes its failed instances, or splits it again if its split
     * failed. 404 for an unknown id, 409 when nothing failed, 422 when the split fails again.
     */
    @PostMapping("/{id}/reprocess")
    public Mono<ReprocessResult> reprocess(@PathVariable UUID id) {
        return reprocessing.reprocess(id);
    }
}
