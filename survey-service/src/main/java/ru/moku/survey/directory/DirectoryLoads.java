package ru.moku.survey.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Where classifier files come from and the one queue they are loaded from, off the request path: an operator's upload
 * or URL ({@link DirectoryController}), the watched directory ({@code moku.survey.directory.watch.*}) and, for the
 * local run, the bundled sample when no version is current. {@link #submit} checks the file (SHA-256, encoding, that
 * it is the classifier at all — refused before anything changes), registers its version and queues it; the queue
 * loads one file at a time ({@link DirectoryLoader}).
 */
@Component
class DirectoryLoads implements SmartLifecycle {

    /** The bundled sample classifier (module README, "The directory"). */
    static final String SAMPLE = "oktmo/sample-oktmo.csv";

    private static final Logger log = LoggerFactory.getLogger(DirectoryLoads.class);

    private final DirectoryLoader loader;
    private final DatabaseClient db;
    private final DirectoryProperties properties;
    private final Sinks.Many<Queued> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<Path, FileTime> watched = new ConcurrentHashMap<>();
    private final Disposable.Composite running = Disposables.composite();
    private volatile boolean started;

    DirectoryLoads(DirectoryLoader loader, DatabaseClient db, DirectoryProperties properties) {
        this.loader = loader;
        this.db = db;
        this.properties = properties;
    }

    /**
     * A file whose version was registered.
     *
     * @param load           what to load
     * @param deleteAfterLoad whether the file is a copy of ours (upload, download, sample) to delete afterwards
     */
    private record Queued(DirectoryLoader.Load load, boolean deleteAfterLoad) {
    }

    /** A file checked: its SHA-256 and encoding. */
    private record Inspected(String sha256, Charset charset) {
    }

    /**
     * Checks the file, registers its version and queues the load; emits the registration (an existing version for a
     * file loaded before: nothing is queued). Fails with {@link MalformedClassifierException} for a file that is not
     * the classifier; the file is then deleted if it is a copy of ours.
     */
    Mono<DirectoryLoader.Registration> submit(Path file, String fileName, boolean deleteAfterLoad) {
        return Mono.fromCallable(() -> inspect(file))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(inspected -> loader.register(fileName, inspected.sha256(), inspected.charset())
                        .doOnNext(registration -> {
                            if (registration.created()) {
                                queue.emitNext(new Queued(new DirectoryLoader.Load(registration.versionId(), file,
                                                inspected.charset(), fileName), deleteAfterLoad),
                                        Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
                            } else if (deleteAfterLoad) {
                                delete(file);
                            }
                        }))
                .doOnError(error -> {
                    if (deleteAfterLoad) {
                        delete(file);
                    }
                });
    }

    /** SHA-256 and encoding of the file; its first row must be a region heading. Blocking: call off the loop. */
    private static Inspected inspect(Path file) throws IOException {
        Charset charset = ClassifierReader.detect(file);
        try (ClassifierReader reader = ClassifierReader.open(file, charset)) {
            reader.next();
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream input = new DigestInputStream(Files.newInputStream(file), digest)) {
            input.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new Inspected(HexFormat.of().formatHex(digest.digest()), charset);
    }

    @Override
    public void start() {
        running.add(queue.asFlux()
                .concatMap(queued -> loader.load(queued.load())
                        .then()
                        .doFinally(signal -> {
                            if (queued.deleteAfterLoad()) {
                                delete(queued.load().file());
                            }
                        }))
                .subscribe(null, error -> log.error("The ОКТМО load queue stopped", error)));
        if (properties.watch().directory() != null) {
            running.add(Flux.interval(Duration.ZERO, properties.watch().interval())
                    .onBackpressureDrop()
                    .concatMap(tick -> offerWatchedFiles(properties.watch().directory()))
                    .subscribe(null, error -> log.error("Watching {} stopped", properties.watch().directory(),
                            error)));
        }
        if (properties.loadSampleAtStart()) {
            running.add(loadSampleIfNoneCurrent().subscribe(null,
                    error -> log.error("The sample ОКТМО classifier could not be loaded", error)));
        }
        started = true;
    }

    /** Offers every regular file of the directory not seen unchanged before; a failure waits for the next tick. */
    private Mono<Void> offerWatchedFiles(Path directory) {
        return Mono.fromCallable(() -> newFiles(directory))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(file -> submit(file, file.getFileName().toString(), false)
                        .doOnNext(registration -> log.info("Watched file {}: version {} ({})", file,
                                registration.versionId(), registration.created() ? "queued" : "loaded before"))
                        .onErrorResume(error -> {
                            log.warn("Watched file {} refused: {}", file, error.getMessage());
                            return Mono.empty();
                        }))
                .then()
                .onErrorResume(error -> {
                    log.warn("Cannot list {}: {}", directory, error.toString());
                    return Mono.empty();
                });
    }

    private List<Path> newFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            // Hidden files are skipped: a file is written under a hidden name and renamed when complete.
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted().filter(file -> {
                try {
                    FileTime modified = Files.getLastModifiedTime(file);
                    return !modified.equals(watched.put(file, modified));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private Mono<Void> loadSampleIfNoneCurrent() {
        return db.sql("SELECT count(*) AS current FROM oktmo_version WHERE status IN ('CURRENT', 'LOADING')")
                .map(row -> row.get("current", Long.class))
                .one()
                .filter(current -> current == 0)
                .flatMap(none -> Mono.fromCallable(DirectoryLoads::copySample)
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMap(copy -> submit(copy, "sample-oktmo.csv", true))
                .doOnNext(registration -> log.info("Loading the sample ОКТМО classifier as version {}",
                        registration.versionId()))
                .then();
    }

    private static Path copySample() throws IOException {
        Path copy = Files.createTempFile("oktmo-sample-", ".csv");
        try (InputStream sample = new ClassPathResource(SAMPLE).getInputStream()) {
            Files.copy(sample, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    /** Deletes our copy of a file, off the event loop. */
    static void delete(Path file) {
        Schedulers.boundedElastic().schedule(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}", file, e);
            }
        });
    }

    @Override
    public void stop() {
        running.dispose();
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
