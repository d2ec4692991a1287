package ru.moku.gateway.attachments;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;

/**
 * Fetches the files SMEV's messages reference on its file storage ({@code FSAttachmentsList}), in the background:
 * every {@code interval} it claims the PENDING files that are due ({@link AttachmentStore#claimDue}, one statement,
 * so replicas share the work), downloads each through the {@link FileStorageClient} into a temporary file, then — in
 * one transaction — streams it into the store while computing its GOST digest, compares the digest with the
 * declared {@code Hash}, checks the detached PKCS#7 signature, and marks the file FETCHED. A failed attempt
 * (unreachable storage, refused login, missing file, hash or signature mismatch) waits with exponential backoff;
 * when the attempts are spent the file is UNAVAILABLE and an {@code FS_ATTACHMENT_UNAVAILABLE} incident (subject = the
 * attachment id) is registered in the same transaction ({@link FsAttachmentRedriver} re-drives it).
 *
 * <p>Started with the application; on stop it claims nothing more and lets the fetches in progress finish (an
 * interrupted one keeps its lease and is attempted again when the lease ends).
 */
public class FsAttachmentFetcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FsAttachmentFetcher.class);
    /** Longest wait on stop for the fetches in progress (Spring's shutdown phase has its own limit too). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String METRIC = "moku.gateway.attachments.fetches";

    private final AttachmentStore store;
    private final FileStorageClient client;
    private final AttachmentCrypto crypto;
    private final Incidents incidents;
    private final TransactionalOperator tx;
    private final Settings settings;
    private final Scheduler files;
    private final Scheduler workers;
    private final MeterRegistry meters;

    private volatile Disposable running;
    private volatile Sinks.Empty<Void> stopSignal;
    private volatile Sinks.Empty<Void> finishedSignal;

    /**
     * How the fetcher works.
     *
     * @param interval    pause between two looks for due files
     * @param batchSize   files claimed per look
     * @param concurrency files fetched at once
     * @param attempts    attempts per file before it is UNAVAILABLE
     * @param backoff     pause after a failed attempt
     * @param lease       how long a claimed file stays away from other instances
     * @param maxSize     largest file stored
     * @param autoStart   whether the loop starts with the application
     */
    public record Settings(Duration interval, int batchSize, int concurrency, int attempts, FetchBackoff backoff,
                           Duration lease, long maxSize, boolean autoStart) {
    }

    /**
     * @param files   bounded scheduler for file-system work (temporary files), as blocking as FTP
     * @param workers bounded scheduler for the digest and the signature check
     * @param meters  where {@code moku.gateway.attachments.fetches{result=fetched|retry|unavailable}} is counted
     */
    public FsAttachmentFetcher(AttachmentStore store, FileStorageClient client, AttachmentCrypto crypto,
                               Incidents incidents, TransactionalOperator tx, Settings settings, Scheduler files,
                               Scheduler workers, MeterRegistry meters) {
        this.store = Objects.requireNonNull(store, "store");
        this.client = Objects.requireNonNull(client, "client");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.files = Objects.requireNonNull(files, "files");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * One look: claims the due files and fetches them.
     *
     * @return how many files were attempted
     */
    public Mono<Long> fetchDue() {
        return store.claimDue(settings.batchSize(), settings.lease())
                .flatMap(this::attempt, settings.concurrency())
                .count();
    }

    /** One attempt at one file; ends in FETCHED, a later attempt, or UNAVAILABLE with an incident. */
    Mono<Void> attempt(PendingFile file) {
        return Mono.usingWhen(
                        Mono.fromCallable(() -> Files.createTempFile("smev-fs-", ".part")).subscribeOn(files),
                        target -> client.download(file.location(), target)
                                .then(tx.transactional(storeFetched(file, target))),
                        target -> Mono.fromCallable(() -> Files.deleteIfExists(target)).subscribeOn(files))
                .doOnSuccess(ignored -> {
                    count("fetched");
                    log.debug("fetched {}", file);
                })
                .onErrorResume(failure -> failed(file, failure));
    }

    private Mono<Void> storeFetched(PendingFile file, Path downloaded) {
        return Mono.fromCallable(() -> new DigestedContent(crypto.newDigest(), settings.maxSize(),
                        "file " + file.uuid()))
                .subscribeOn(workers)
                .flatMap(content -> store.writeContent(file.id(), content.pass(read(downloaded).publishOn(workers, 1)))
                        .then(Mono.fromCallable(() -> checked(file, content)).subscribeOn(workers))
                        .flatMap(signer -> store.contentStored(file.id(), content.size(), content.digestBase64(),
                                signer.orElse(null), AttachmentStatus.FETCHED)));
    }

    /** The signer (if checked); a failure when the digest is not the declared hash or the signature fails. */
    private Optional<String> checked(PendingFile file, DigestedContent content) {
        if (!content.matches(file.declaredHash())) {
            throw new FetchRefused("hash mismatch: the file's GOST R 34.11-2012 digest is " + content.digestBase64()
                    + ", the message declares " + file.declaredHash());
        }
        if (file.signaturePkcs7() == null || !crypto.verifiesSignatures()) {
            return Optional.empty();
        }
        AttachmentCrypto.SignatureCheck check = crypto.check(file.signaturePkcs7(), content.digest());
        if (check instanceof AttachmentCrypto.SignatureCheck.Valid valid) {
            return Optional.of(valid.signer());
        }
        throw new FetchRefused("SignaturePKCS7 does not verify: "
                + ((AttachmentCrypto.SignatureCheck.Invalid) check).reason());
    }

    /** A downloaded file, read in pieces on the file scheduler. */
    private Flux<byte[]> read(Path path) {
        int pieceSize = 64 * 1024;
        return Flux.using(() -> Files.newInputStream(path),
                        in -> Flux.<byte[]>generate(sink -> {
                            byte[] piece = readPiece(in, pieceSize);
                            if (piece.length == 0) {
                                sink.complete();
                            } else {
                                sink.next(piece);
                            }
                        }),
                        FsAttachmentFetcher::closeQuietly)
                .subscribeOn(files);
    }

    private static byte[] readPiece(InputStream in, int size) {
        try {
            byte[] buffer = new byte[size];
            int read = in.readNBytes(buffer, 0, size);
            return read == size ? buffer : Arrays.copyOf(buffer, read);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the downloaded file: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing a downloaded file failed", e);
        }
    }

    private Mono<Void> failed(PendingFile file, Throwable failure) {
        String error = describe(failure);
        if (file.attempt() < settings.attempts()) {
            Duration pause = settings.backoff().after(file.attempt());
            log.info("fetching {} failed (attempt {} of {}), next in {}: {}", file, file.attempt(),
                    settings.attempts(), pause, error);
            return store.retryLater(file.id(), pause, error).doOnSuccess(ignored -> count("retry"));
        }
        log.warn("fetching {} failed in all {} attempts; it is UNAVAILABLE: {}", file, settings.attempts(), error);
        return tx.transactional(store.unavailable(file.id(), error)
                .then(incidents.register(new Incident.Draft(IncidentKind.FS_ATTACHMENT_UNAVAILABLE,
                        file.id().toString(), "file " + file.uuid() + " (" + file.storedFileName()
                        + ") of raw message " + file.rawMessageId() + " could not be fetched from SMEV's file storage in "
                        + file.attempt() + " attempts: " + error, null, file.attempt())))
                .then())
                .doOnSuccess(ignored -> count("unavailable"));
    }

    private void count(String result) {
        meters.counter(METRIC, "result", result).increment();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof FetchRefused || message != null && !message.isBlank() && failure.getCause() == null
                ? String.valueOf(message)
                : failure.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void start() {
        if (running != null) {
            return;
        }
        Sinks.Empty<Void> stop = Sinks.empty();
        Sinks.Empty<Void> finished = Sinks.empty();
        stopSignal = stop;
        finishedSignal = finished;
        running = Flux.interval(Duration.ZERO, settings.interval())
                .onBackpressureDrop()
                .takeUntilOther(stop.asMono())
                .concatMap(tick -> fetchDue()
                        .onErrorResume(failure -> {
                            // The database may be away for a while: this look is lost, the next one comes.
                            log.warn("looking for files to fetch from SMEV's file storage failed: {}", failure.toString());
                            return Mono.empty();
                        }), 1)
                .doFinally(signal -> finished.tryEmitEmpty())
                .subscribe();
    }

    @Override
    public void stop(Runnable callback) {
        Sinks.Empty<Void> stop = stopSignal;
        Sinks.Empty<Void> finished = finishedSignal;
        if (running == null || stop == null) {
            callback.run();
            return;
        }
        running = null;
        stop.tryEmitEmpty();
        // The loop ends once the look in progress is through; wait for that, but not past the shutdown's patience.
        finished.asMono().timeout(STOP_WAIT, Mono.empty())
                .doFinally(signal -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public boolean isAutoStartup() {
        return settings.autoStart();
    }

    /** Why a downloaded file is not accepted (hash or signature): retried like any failed attempt. */
    static final class FetchRefused extends RuntimeException {

        FetchRefused(String message) {
            super(message, null, false, false);
        }
    }
}
