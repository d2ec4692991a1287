package ru.moku.gateway.operator;

import java.util.Arrays;
import java.util.Optional;
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
import reactor.core.publisher.Mono;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.runtime.web.Keyset;

/**
 * Operator API of the intake: raw SMEV messages with their integration instances, and reprocessing
 * of what failed ({@code /api/v1/raw-messages}).
 */
@RestController
@RequestMapping("/api/v1/raw-messages")
public class OperatorController {

    private final RawMessageRepository queries;
    private final Reprocessing reprocessing;
    private final GatewayProperties.Operator paging;

    public OperatorController(RawMessageRepository queries, Reprocessing reprocessing, GatewayProperties properties) {
        this.queries = queries;
        this.reprocessing = reprocessing;
        this.paging = properties.operator();
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
     * Raw messages, newest first, a page at a time: {@code {"items":[…],"next":"<cursor>"|null}}; the next page is
     * {@code ?cursor=<next>} with the same filters. {@code status} is a code ({@code -1}) or a name ({@code INVALID});
     * {@code smevMessageId} finds one by SMEV's id; {@code limit} is 1 to {@code moku.gateway.operator.max-page-size}
     * (400 otherwise, as for a cursor not given out here).
     */
    @GetMapping
    public Mono<Keyset.Page<RawMessageView>> list(@RequestParam(required = false) String status,
                                                  @RequestParam(required = false) String smevMessageId,
                                                  @RequestParam(name = Keyset.LIMIT, required = false) String limit,
                                                  @RequestParam(name = Keyset.CURSOR, required = false) String cursor) {
        RawMessageStatus wanted = status == null ? null : RawMessageStatus.parse(status).orElseThrow(() ->
                new ServerWebInputException("unknown status '" + status + "': use a code (0, 1, -1, 2, -2, 3, -3)"
                        + " or a name (" + Arrays.toString(RawMessageStatus.values()) + ")"));
        int pageSize = Keyset.pageSize(limit, paging.defaultPageSize(), paging.maxPageSize());
        Optional<Keyset.Position> after = Keyset.after(cursor);
        return queries.list(wanted, smevMessageId, after, pageSize + 1)
                .collectList()
                .map(rows -> Keyset.page(rows, pageSize, row -> new Keyset.Position(row.receivedAt(), row.id())));
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
