package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class StoringAttachmentIntakeUnitTests {

    private static final byte[] SIGNATURE = {0x30, 0x03, 0x02, 0x01, 0x01};
    private static final java.util.UUID RAW = java.util.UUID.randomUUID();

    private final Scheduler workers = Schedulers.newBoundedElastic(2, 100, "test-attachments");
    private final InMemoryAttachmentStore store = new InMemoryAttachmentStore();
    /** Every buffer the parts handed over (reference-counted, like the MTOM reader's). */
    private final List<NettyDataBuffer> handedOver = new CopyOnWriteArrayList<>();
    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    @AfterEach
    void dispose() {
        workers.dispose();
    }

    @Test
    void anMtomPartIsStoredWithItsSizeAndDigest() {
        byte[] content = "%PDF-1.7 a document".getBytes(StandardCharsets.UTF_8);
        StoringAttachmentIntake intake = intake(crypto(null), 1024);

        StepVerifier.create(intake.store(RAW, AttachmentMessages.message()
                        .mtom("doc-1", "application/pdf", null, "p1@x").element(),
                        Map.of("p1@x", part("p1@x", content, 3))))
                .expectNext(1)
                .verifyComplete();

        AttachmentView view = store.storedWithContentId("doc-1");
        assertThat(view.kind()).isEqualTo(AttachmentKind.MTOM);
        assertThat(view.status()).isEqualTo(AttachmentStatus.STORED);
        assertThat(view.size()).isEqualTo(content.length);
        assertThat(view.digest()).isEqualTo(sha256Base64(content));
        assertThat(view.signer()).isNull();
        assertThat(store.contents.get(view.id())).isEqualTo(content);
    }

    @Test
    void anInlineContentIsDecodedAndStored() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);

        StepVerifier.create(intake(crypto(null), 1024).store(RAW, AttachmentMessages.message()
                        .inline("doc-1", "text/plain", null, content).element(), Map.of()))
                .expectNext(1)
                .verifyComplete();

        AttachmentView view = store.storedWithContentId("doc-1");
        assertThat(view.kind()).isEqualTo(AttachmentKind.INLINE);
        assertThat(store.contents.get(view.id())).isEqualTo(content);
    }

    @Test
    void aVerifiedSignatureNamesItsSigner() {
        StepVerifier.create(intake(crypto(new AttachmentCrypto.SignatureCheck.Valid("CN=Sender")), 1024)
                        .store(RAW, AttachmentMessages.message().inline("doc-1", "text/plain", SIGNATURE,
                                new byte[] {1, 2}).element(), Map.of()))
                .expectNext(1)
                .verifyComplete();

        assertThat(store.storedWithContentId("doc-1").signer()).isEqualTo("CN=Sender");
    }

    @Test
    void aSignatureThatDoesNotVerifyRefusesTheMessage() {
        StepVerifier.create(intake(crypto(new AttachmentCrypto.SignatureCheck.Invalid("digest mismatch")), 1024)
                        .store(RAW, AttachmentMessages.message().inline("doc-1", "text/plain", SIGNATURE,
                                new byte[] {1, 2}).element(), Map.of()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AttachmentRefusedException.class)
                        .hasMessageContaining("SignaturePKCS7 of attachment doc-1 does not verify: digest mismatch"))
                .verify();
    }

    @Test
    void aPartOverTheLimitRefusesTheMessageAsTooLargeAndEveryPartIsReleased() {
        StepVerifier.create(intake(crypto(null), 10).store(RAW, AttachmentMessages.message()
                        .mtom("doc-1", "application/pdf", null, "p1").mtom("doc-2", "application/pdf", null, "p2")
                        .element(), Map.of("p1", part("p1", new byte[64], 8), "p2", part("p2", new byte[4], 2))))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(AttachmentRefusedException.class).hasMessageContaining("larger than 10");
                    assertThat(((AttachmentRefusedException) e).tooLarge()).isTrue();
                })
                .verify();

        assertThat(handedOver).isNotEmpty().allSatisfy(buffer -> assertThat(buffer.isAllocated()).isFalse());
    }

    @Test
    void aMissingMtomPartRefusesTheMessage() {
        StepVerifier.create(intake(crypto(null), 1024).store(RAW, AttachmentMessages.message()
                        .mtom("doc-1", "application/pdf", null, "p1").element(), Map.of()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AttachmentRefusedException.class)
                        .hasMessageContaining("names MTOM part <p1>, which the message does not carry"))
                .verify();
        assertThat(store.headers).isEmpty();
    }

    @Test
    void aPartNoAttachmentNamesRefusesTheMessageAndIsReleased() {
        StepVerifier.create(intake(crypto(null), 1024).store(RAW, AttachmentMessages.message().element(),
                        Map.of("stray", part("stray", new byte[3], 3))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(AttachmentRefusedException.class)
                        .hasMessageContaining("MTOM part <stray> belongs to no AttachmentContent"))
                .verify();
        assertThat(handedOver).hasSize(3).allSatisfy(buffer -> assertThat(buffer.isAllocated()).isFalse());
    }

    @Test
    void aFileReferenceIsRecordedPendingWithItsCredentials() {
        StepVerifier.create(intake(crypto(null), 1024).store(RAW, AttachmentMessages.message()
                        .file("0c3f2a1e-0000-4000-8000-000000000001", "big.zip", "HASH=", "application/zip", null,
                                "user-1", "secret-1").element(), Map.of()))
                .expectNext(1)
                .verifyComplete();

        assertThat(store.headers.values()).singleElement().satisfies(header -> {
            assertThat(header.kind()).isEqualTo(AttachmentKind.FS);
            assertThat(header.status()).isEqualTo(AttachmentStatus.PENDING);
            assertThat(header.fsUser()).isEqualTo("user-1");
            assertThat(header.fsPassword()).isEqualTo("secret-1");
            assertThat(header.declaredHash()).isEqualTo("HASH=");
        });
    }

    private StoringAttachmentIntake intake(AttachmentCrypto crypto, long maxSize) {
        return new StoringAttachmentIntake(store, crypto, maxSize, workers);
    }

    /** A part whose content comes in {@code pieces} buffers, each allocated when asked for and kept in {@link #handedOver}. */
    private AttachmentPart part(String id, byte[] content, int pieces) {
        int size = (content.length + pieces - 1) / pieces;
        Flux<DataBuffer> parts = Flux.range(0, pieces).map(i -> {
            int from = Math.min(content.length, i * size);
            int to = Math.min(content.length, from + size);
            NettyDataBuffer buffer = buffers.allocateBuffer(Math.max(1, to - from));
            buffer.write(Arrays.copyOfRange(content, from, to));
            handedOver.add(buffer);
            return buffer;
        });
        return new AttachmentPart(id, "application/octet-stream", parts);
    }

    /** SHA-256 stands in for GOST here; only that a digest is computed over the whole content matters. */
    private static AttachmentCrypto crypto(AttachmentCrypto.SignatureCheck verdict) {
        return new AttachmentCrypto() {
            @Override
            public MessageDigest newDigest() {
                return sha256();
            }

            @Override
            public boolean verifiesSignatures() {
                return verdict != null;
            }

            @Override
            public SignatureCheck check(byte[] pkcs7, byte[] contentDigest) {
                return verdict;
            }
        };
    }

    private static String sha256Base64(byte[] content) {
        return Base64.getEncoder().encodeToString(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
