package ru.moku.survey.directory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.runtime.web.Keyset;

/**
 * The ОКТМО directory's API (module README, "The directory"): the lookup other services use, and the operator's
 * loads, versions with their diff, and organisations outside the directory. Access: {@code config/AccessConfiguration}
 * (the lookup: viewer, operator or service; reads: viewer or operator; loads: operator).
 */
@RestController
@RequestMapping("/api/v1/directory")
class DirectoryController {

    private final DirectoryRepository repository;
    private final DirectoryLoads loads;
    private final DirectoryProperties properties;
    private final WebClient web;

    DirectoryController(DirectoryRepository repository, DirectoryLoads loads, DirectoryProperties properties) {
        this.repository = repository;
        this.loads = loads;
        this.properties = properties;
        this.web = WebClient.builder().build();
    }

    /** Contract 1: the code's current record, else its latest historical one; 404 never known, 400 malformed. */
    @GetMapping("/oktmo/{code}")
    Mono<DirectoryRepository.Entry> lookup(@PathVariable String code) {
        Optional<String> problem = Oktmo.problem(code);
        if (problem.isPresent()) {
            return Mono.error(new DirectoryProblems.InvalidOktmo(code, problem.get()));
        }
        return repository.entry(code)
                .switchIfEmpty(Mono.error(() -> new DirectoryProblems.UnknownOktmo(code)));
    }

    /**
     * A classifier file uploaded ({@code multipart/form-data}, part {@code file}): 202 with the version that will
     * load it, 200 with the version the same file has already, 400 when it is not the classifier.
     */
    @PostMapping(path = "/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<Accepted>> upload(@RequestPart("file") Mono<FilePart> file) {
        return file.flatMap(part -> temporaryFile()
                        .flatMap(copy -> part.transferTo(copy)
                                .then(loads.submit(copy, part.filename(), true))))
                .map(DirectoryController::accepted);
    }

    /**
     * A URL on the cluster to fetch the classifier from.
     *
     * @param url an {@code http(s)} URL
     */
    record FromUrl(String url) {
    }

    /** The classifier fetched from a URL on the cluster ({@code {"url": …}}): as an upload. */
    @PostMapping(path = "/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Accepted>> fromUrl(@RequestBody FromUrl request) {
        URI uri = parseUrl(request == null ? null : request.url());
        String name = Optional.ofNullable(uri.getPath()).filter(path -> !path.isBlank() && !path.endsWith("/"))
                .map(path -> path.substring(path.lastIndexOf('/') + 1)).orElse(uri.getHost());
        return temporaryFile()
                .flatMap(copy -> DataBufferUtils.write(web.get().uri(uri).retrieve().bodyToFlux(
                                        org.springframework.core.io.buffer.DataBuffer.class), copy)
                        .timeout(properties.downloadTimeout())
                        .onErrorMap(error -> !(error instanceof MalformedClassifierException),
                                error -> {
                                    DirectoryLoads.delete(copy);
                                    return new DirectoryProblems.Unfetchable(uri, error);
                                })
                        .then(loads.submit(copy, name, true)))
                .map(DirectoryController::accepted);
    }

    /**
     * The answer to a load request.
     *
     * @param versionId the version of the file
     * @param status    its status (LOADING for a new one)
     * @param loadedBefore whether the same file had a version already (nothing is loaded again)
     */
    record Accepted(int versionId, String status, boolean loadedBefore) {
    }

    private static ResponseEntity<Accepted> accepted(DirectoryLoader.Registration registration) {
        Accepted body = new Accepted(registration.versionId(), registration.status(), !registration.created());
        return ResponseEntity.status(registration.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/api/v1/directory/versions/" + registration.versionId()))
                .body(body);
    }

    /** Versions, newest first; {@code cursor} is the {@code next} of the previous page. */
    @GetMapping("/versions")
    Mono<Keyset.Page<DirectoryRepository.Version>> versions(@RequestParam(required = false) String limit,
                                                             @RequestParam(required = false) String cursor) {
        int size = Keyset.pageSize(limit, properties.pageSize(), properties.maxPageSize());
        Integer before = cursor == null ? null : parseInt(cursor);
        return repository.versions(before, size + 1).collectList()
                .map(items -> page(items, size, version -> Integer.toString(version.id())));
    }

    /**
     * One version.
     *
     * @param version the version with its progress and the diff's summary
     * @param changes one page of its diff
     * @param next    the cursor of the next page of the diff, {@code null} on the last
     */
    record VersionDetail(DirectoryRepository.Version version, List<DirectoryRepository.Change> changes, String next) {
    }

    /** One version with its progress and a page of its diff (ordered by code and change). */
    @GetMapping("/versions/{id}")
    Mono<VersionDetail> version(@PathVariable String id, @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String cursor) {
        int versionId = parseInt(id);
        int size = Keyset.pageSize(limit, properties.pageSize(), properties.maxPageSize());
        String[] after = cursor == null ? null : cursor.split(":", 2);
        if (after != null && after.length != 2) {
            throw new ServerWebInputException("cursor is not one of this API's cursors");
        }
        return repository.version(versionId)
                .switchIfEmpty(Mono.error(() -> new DirectoryProblems.UnknownVersion(versionId)))
                .flatMap(version -> repository.changes(versionId, after == null ? null : after[0],
                                after == null ? null : after[1], size + 1).collectList()
                        .map(items -> {
                            Keyset.Page<DirectoryRepository.Change> page = page(items, size,
                                    change -> change.oktmo() + ":" + change.change());
                            return new VersionDetail(version, page.items(), page.next());
                        }));
    }

    /** Organisations whose ОКТМО is not in the current directory, by ЛКО id. */
    @GetMapping("/unresolved-organisations")
    Mono<Keyset.Page<DirectoryRepository.UnresolvedOrganisation>> unresolved(
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        int size = Keyset.pageSize(limit, properties.pageSize(), properties.maxPageSize());
        UUID after;
        try {
            after = cursor == null ? null : UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw new ServerWebInputException("cursor is not one of this API's cursors");
        }
        return repository.unresolved(after, size + 1).collectList()
                .map(items -> page(items, size, organisation -> organisation.lkoOrganisationId().toString()));
    }

    private static <T> Keyset.Page<T> page(List<T> fetched, int size, java.util.function.Function<T, String> cursor) {
        if (fetched.size() <= size) {
            return new Keyset.Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, size);
        return new Keyset.Page<>(List.copyOf(items), cursor.apply(items.get(items.size() - 1)));
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ServerWebInputException("'" + value + "' is not a version id");
        }
    }

    private static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new DirectoryProblems.InvalidUrl(String.valueOf(url), "url is required");
        }
        try {
            URI uri = URI.create(url.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new DirectoryProblems.InvalidUrl(url, "must be an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new DirectoryProblems.InvalidUrl(url, "is not a URL");
        }
    }

    private static Mono<Path> temporaryFile() {
        return Mono.fromCallable(() -> Files.createTempFile("oktmo-", ".csv")).subscribeOn(Schedulers.boundedElastic());
    }
}
