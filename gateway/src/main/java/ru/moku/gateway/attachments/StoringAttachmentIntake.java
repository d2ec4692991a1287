package ru.moku.gateway.attachments;

import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.w3c.dom.Element;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.messaging.Ids;

/**
 * {@link AttachmentIntake} that stores what a message declares, inside the intake's transaction: each MTOM or inline
 * content is streamed into the {@link AttachmentStore} while its GOST digest is computed, then its detached PKCS#7
 * signature is checked against that digest (when {@code verify-signatures} is on); each file on SMEV's file storage
 * is recorded PENDING for the {@link FsAttachmentFetcher}. Anything wrong refuses the whole message with an
 * {@link AttachmentRefusedException}; the caller's transaction then keeps nothing of it. Every MTOM part is consumed
 * or released, whatever happens.
 */
public class StoringAttachmentIntake implements AttachmentIntake {

    private final AttachmentStore store;
    private final AttachmentCrypto crypto;
    private final long maxSize;
    private final Scheduler workers;

    /**
     * @param store   where attachments go
     * @param crypto  digest and signature check
     * @param maxSize largest attachment in bytes ({@code moku.gateway.attachments.max-size})
     * @param workers bounded scheduler for the digest and the signature check (CPU work kept off the event loops)
     */
    public StoringAttachmentIntake(AttachmentStore store, AttachmentCrypto crypto, long maxSize, Scheduler workers) {
        this.store = Objects.requireNonNull(store, "store");
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.maxSize = maxSize;
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    @Override
    public Mono<Integer> store(UUID rawMessageId, Element responseMessage, Map<String, AttachmentPart> parts) {
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        return Mono.fromCallable(() -> declared(responseMessage, parts))
                .flatMapMany(Flux::fromIterable)
                .concatMap(attachment -> storeOne(rawMessageId, attachment, parts, consumed))
                .count()
                .map(Math::toIntExact)
                .onErrorResume(failure -> releaseUnconsumed(parts, consumed).then(Mono.error(failure)));
    }

    /** The declarations, checked against the MTOM parts: each part named once, and every part named. */
    private static List<DeclaredAttachment> declared(Element responseMessage, Map<String, AttachmentPart> parts) {
        List<DeclaredAttachment> declared = AttachmentDeclarations.read(responseMessage);
        Set<String> named = new HashSet<>();
        for (DeclaredAttachment attachment : declared) {
            if (attachment instanceof DeclaredAttachment.Embedded embedded && embedded.partId() != null) {
                if (!parts.containsKey(embedded.partId())) {
                    throw AttachmentDeclarations.refused("attachment " + embedded.contentId()
                            + " names MTOM part <" + embedded.partId() + ">, which the message does not carry");
                }
                if (!named.add(embedded.partId())) {
                    throw AttachmentDeclarations.refused("MTOM part <" + embedded.partId()
                            + "> is named by two attachments");
                }
            }
        }
        for (String partId : parts.keySet()) {
            if (!named.contains(partId)) {
                throw AttachmentDeclarations.refused("MTOM part <" + partId + "> belongs to no AttachmentContent");
            }
        }
        return declared;
    }

    private Mono<UUID> storeOne(UUID rawMessageId, DeclaredAttachment attachment, Map<String, AttachmentPart> parts,
                                Set<String> consumed) {
        UUID id = Ids.next();
        if (attachment instanceof DeclaredAttachment.FileReference file) {
            return store.insert(new NewAttachment(id, rawMessageId, AttachmentKind.FS, file.contentId(),
                            file.fileName(), file.mimeType(), file.namespaceUri(), file.signaturePkcs7(), file.hash(),
                            file.user(), file.password(), file.storedFileName(), AttachmentStatus.PENDING))
                    .thenReturn(id);
        }
        DeclaredAttachment.Embedded embedded = (DeclaredAttachment.Embedded) attachment;
        String what = "attachment " + embedded.contentId();
        Flux<byte[]> bytes = embedded.partId() != null
                ? partBytes(embedded.partId(), parts.get(embedded.partId()), consumed)
                : inlineBytes(embedded.inlineBase64(), what);
        return store.insert(new NewAttachment(id, rawMessageId, embedded.kind(), embedded.contentId(), null,
                        embedded.mimeType(), embedded.namespaceUri(), embedded.signaturePkcs7(), null, null, null,
                        null, AttachmentStatus.STORED))
                // A digest's first use may load the provider's resources: made on the workers, never an event loop.
                .then(Mono.fromCallable(() -> new DigestedContent(crypto.newDigest(), maxSize, what))
                        .subscribeOn(workers))
                .flatMap(content -> store.writeContent(id, content.pass(bytes.publishOn(workers, 1)))
                        .then(Mono.fromCallable(() -> Optional.ofNullable(
                                signer(embedded.signaturePkcs7(), content, what))).subscribeOn(workers))
                        .flatMap(signer -> store.contentStored(id, content.size(), content.digestBase64(),
                                signer.orElse(null), AttachmentStatus.STORED)))
                .thenReturn(id);
    }

    /**
     * The signer of a content whose digest is known, or {@code null} when nothing is checked (verification off, or
     * no signature declared: {@code SignaturePKCS7} is optional in SMEV 1.3).
     */
    String signer(byte[] pkcs7, DigestedContent content, String what) {
        if (pkcs7 == null || !crypto.verifiesSignatures()) {
            return null;
        }
        AttachmentCrypto.SignatureCheck check = crypto.check(pkcs7, content.digest());
        if (check instanceof AttachmentCrypto.SignatureCheck.Valid valid) {
            return valid.signer();
        }
        throw AttachmentDeclarations.refused("the SignaturePKCS7 of " + what + " does not verify: "
                + ((AttachmentCrypto.SignatureCheck.Invalid) check).reason());
    }

    private static Flux<byte[]> partBytes(String partId, AttachmentPart part, Set<String> consumed) {
        return Flux.defer(() -> {
            consumed.add(partId);
            return part.content().map(StoringAttachmentIntake::bytesOf)
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    private Flux<byte[]> inlineBytes(String base64, String what) {
        // Base64 carries 3 bytes in 4 characters: refuse an oversized content before decoding it.
        if ((long) base64.length() / 4 * 3 > maxSize + 3) {
            return Flux.error(new AttachmentRefusedException(what + " is larger than " + maxSize + " bytes", true));
        }
        return Mono.fromCallable(() -> {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw AttachmentDeclarations.refused("the inline Content of " + what + " is not base64: "
                        + e.getMessage());
            }
        }).subscribeOn(workers).flux();
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Drains the parts nobody read, so that their buffers (and files on disk) are released. */
    private static Mono<Void> releaseUnconsumed(Map<String, AttachmentPart> parts, Set<String> consumed) {
        Collection<AttachmentPart> unread = parts.entrySet().stream()
                .filter(part -> consumed.add(part.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        // A part that fails while being drained changes nothing: the message is refused already, for its own reason.
        return Flux.fromIterable(unread)
                .concatMap(part -> part.content().doOnNext(DataBufferUtils::release).then()
                        .onErrorResume(ignored -> Mono.empty()))
                .then();
    }
}
