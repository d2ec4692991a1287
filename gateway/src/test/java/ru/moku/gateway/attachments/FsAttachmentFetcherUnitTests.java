package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.TrustedCertificates;

class FsAttachmentFetcherUnitTests {

    private static final byte[] FILE = "the file on SMEV's storage".getBytes(StandardCharsets.UTF_8);
    private static final int ATTEMPTS = 3;
    private static final FetchBackoff BACKOFF = new FetchBackoff(Duration.ofSeconds(30), Duration.ofMinutes(10));

    private final Scheduler files = Schedulers.newBoundedElastic(2, 100, "test-fs");
    private final Scheduler workers = Schedulers.newBoundedElastic(2, 100, "test-workers");
    private final RecordingStore store = new RecordingStore();
    private final Incidents incidents = mock(Incidents.class);
    private final TransactionalOperator tx = mock(TransactionalOperator.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What the fake file storage serves, by uuid. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final FileStorageClient client = (location, target) -> Mono.fromCallable(() -> {
        byte[] content = served.get(location.uuid());
        if (content == null) {
            throw new IOException("550 no such file");
        }
        Files.write(target, content);
        return (long) content.length;
    }).subscribeOn(files);

    FsAttachmentFetcherUnitTests() {
        when(tx.transactional(any(Mono.class))).thenAnswer(call -> call.getArgument(0));
        when(incidents.register(any())).thenReturn(Mono.just(UUID.randomUUID()));
    }

    @AfterEach
    void dispose() {
        files.dispose();
        workers.dispose();
    }

    @Test
    void aFileWhoseDigestIsTheDeclaredHashIsStoredFetched() {
        served.put("f1", FILE);

        PendingFile file = pending("f1", base64(GostDigest.of(FILE)), null, 1);

        StepVerifier.create(fetcher(null).attempt(file)).verifyComplete();

        assertThat(store.fetched).containsExactly(file.id());
        assertThat(meters.counter("moku.gateway.attachments.fetches", "result", "fetched").count()).isEqualTo(1);
        assertThat(store.content).isEqualTo(FILE);
    }

    @Test
    void aHexadecimalHashIsAcceptedToo() {
        served.put("f1", FILE);

        StepVerifier.create(fetcher(null).attempt(pending("f1",
                        HexFormat.of().withUpperCase().formatHex(GostDigest.of(FILE)), null, 1)))
                .verifyComplete();

        assertThat(store.fetched).hasSize(1);
    }

    @Test
    void aTrustedSignatureNamesItsSigner() {
        SigningKey sender = GostKeys.generate("Sender IS");
        served.put("f1", FILE);

        StepVerifier.create(fetcher(TrustedCertificates.of(List.of(sender.certificate())))
                        .attempt(pending("f1", base64(GostDigest.of(FILE)), DetachedSignatures.sign(sender, FILE), 1)))
                .verifyComplete();

        assertThat(store.signer).contains("CN=Sender IS");
    }

    @Test
    void aFailedAttemptBeforeTheLastWaitsTheBackoffWithoutAnIncident() {
        StepVerifier.create(fetcher(null).attempt(pending("missing", "irrelevant", null, 2)))
                .verifyComplete();

        assertThat(store.retries).containsExactly(BACKOFF.after(2));
        assertThat(store.lastError).contains("550 no such file");
        assertThat(store.unavailable).isEmpty();
        verify(incidents, never()).register(any());
        assertThat(meters.counter("moku.gateway.attachments.fetches", "result", "retry").count()).isEqualTo(1);
    }

    @Test
    void theLastFailedAttemptMakesTheFileUnavailableWithAnIncidentNamingIt() {
        served.put("f1", FILE);
        PendingFile file = pending("f1", base64(GostDigest.of(new byte[] {1})), null, ATTEMPTS);

        StepVerifier.create(fetcher(null).attempt(file)).verifyComplete();

        assertThat(store.unavailable).containsExactly(file.id());
        assertThat(store.lastError).startsWith("hash mismatch");
        assertThat(store.fetched).isEmpty();
        ArgumentCaptor<Incident.Draft> incident = ArgumentCaptor.forClass(Incident.Draft.class);
        verify(incidents).register(incident.capture());
        assertThat(incident.getValue().kind()).isEqualTo(IncidentKind.FS_ATTACHMENT_UNAVAILABLE);
        assertThat(incident.getValue().subject()).isEqualTo(file.id().toString());
        assertThat(incident.getValue().attempts()).isEqualTo(ATTEMPTS);
        assertThat(meters.counter("moku.gateway.attachments.fetches", "result", "unavailable").count()).isEqualTo(1);
    }

    @Test
    void stoppingEndsTheLoopAndCallsBack() throws InterruptedException {
        FsAttachmentFetcher fetcher = fetcher(null);
        fetcher.start();
        assertThat(fetcher.isRunning()).isTrue();
        CountDownLatch stopped = new CountDownLatch(1);

        fetcher.stop(stopped::countDown);

        assertThat(stopped.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fetcher.isRunning()).isFalse();
    }

    private FsAttachmentFetcher fetcher(TrustedCertificates trusted) {
        return new FsAttachmentFetcher(store, client, new SmevAttachmentCrypto(trusted), incidents, tx,
                new FsAttachmentFetcher.Settings(Duration.ofMillis(50), 10, 2, ATTEMPTS, BACKOFF,
                        Duration.ofMinutes(10), 1024 * 1024, false),
                files, workers, meters);
    }

    private static PendingFile pending(String uuid, String hash, byte[] pkcs7, int attempt) {
        return new PendingFile(UUID.randomUUID(), UUID.randomUUID(), uuid, uuid + ".bin", "user", "password", hash,
                pkcs7, attempt);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Records what the fetcher did to the store. */
    private static final class RecordingStore extends InMemoryAttachmentStore {

        final List<UUID> fetched = new ArrayList<>();
        final List<Duration> retries = new ArrayList<>();
        final List<UUID> unavailable = new ArrayList<>();
        volatile byte[] content;
        volatile String signer;
        volatile String lastError;

        @Override
        public Mono<Long> writeContent(UUID attachmentId, Flux<byte[]> pieces) {
            return pieces.reduce(new java.io.ByteArrayOutputStream(), (out, piece) -> {
                out.writeBytes(piece);
                return out;
            }).map(out -> {
                content = out.toByteArray();
                return (long) content.length;
            });
        }

        @Override
        public Mono<Void> contentStored(UUID attachmentId, long size, String digest, String signer,
                                        AttachmentStatus status) {
            return Mono.fromRunnable(() -> {
                this.signer = signer;
                fetched.add(attachmentId);
            });
        }

        @Override
        public Mono<Void> retryLater(UUID attachmentId, Duration backoff, String error) {
            return Mono.fromRunnable(() -> {
                retries.add(backoff);
                lastError = error;
            });
        }

        @Override
        public Mono<Void> unavailable(UUID attachmentId, String error) {
            return Mono.fromRunnable(() -> {
                unavailable.add(attachmentId);
                lastError = error;
            });
        }
    }
}
