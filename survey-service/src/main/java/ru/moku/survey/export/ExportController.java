package ru.moku.survey.export;

import java.time.Instant;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.survey.config.SurveyServiceProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytics exports (issue 13, "analytics contract"), for consumers without database access:
 * {@code GET /api/v1/export/{organisations|municipalities|regions}} streams a view of schema {@code analytics} as
 * NDJSON or CSV (the {@code Accept} header decides; 406 for anything else), optionally only the rows updated at or
 * after {@code updatedSince} (an ISO-8601 instant; 400 when malformed). Every row carries the directory version it
 * was read with ({@code directory_version}). The response is read page by page as the client takes it
 * (backpressure: the next page is queried only when the previous one is written), so a million rows stream in the
 * memory of one page ({@code moku.survey.export.page-size}). {@code viewer} and {@code operator} tokens may read.
 */
@RestController
class ExportController {

    private final ExportRepository exports;
    private final JsonMapper json;
    private final int pageSize;

    ExportController(ExportRepository exports, JsonMapper json, SurveyServiceProperties properties) {
        this.exports = exports;
        this.json = json;
        this.pageSize = properties.export().pageSize();
    }

    @GetMapping("/api/v1/export/{dataset}")
    Mono<ResponseEntity<Flux<DataBuffer>>> export(@PathVariable("dataset") String name,
                                                  @RequestParam(name = "updatedSince", required = false)
                                                  Instant updatedSince,
                                                  @RequestHeader(name = "Accept", required = false)
                                                  List<MediaType> accept) {
        ExportDataset dataset = ExportDataset.ofPath(name).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "There is no export '" + name + "': organisations, municipalities or regions"));
        ExportFormat format = ExportFormat.negotiate(accept == null ? List.of() : accept);
        if (format == null) {
            throw new NotAcceptableStatusException(List.of(ExportFormat.NDJSON.mediaType(),
                    ExportFormat.CSV.mediaType()));
        }
        return Mono.just(ResponseEntity.ok()
                .contentType(format.mediaType())
                .body(stream(dataset, format, updatedSince)));
    }

    /**
     * The header (CSV), then page after page. The first page is read before anything is written, so an export that
     * cannot start (the database down) is answered with an error status, not a 200 with nothing in it; one that
     * fails later ends the response without its last chunk, which an HTTP client reports as an incomplete body,
     * never as a short but complete export.
     */
    private Flux<DataBuffer> stream(ExportDataset dataset, ExportFormat format, Instant updatedSince) {
        Flux<byte[]> pages = exports.page(dataset, null, updatedSince, pageSize)
                .expand(page -> page.full() ? exports.page(dataset, page.lastKey(), updatedSince, pageSize)
                        : Mono.empty())
                .filter(page -> !page.rows().isEmpty())
                .map(page -> format.render(dataset, page.rows(), json));
        return pages.switchOnFirst((first, all) -> first.isOnError() ? all
                        : Flux.concat(Mono.fromSupplier(() -> format.header(dataset)), all))
                .filter(bytes -> bytes.length > 0)
                .map(DefaultDataBufferFactory.sharedInstance::wrap);
    }
}
