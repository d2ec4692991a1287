package ru.moku.simulators.smev;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Makes the generated messages beyond plain service data: attachments carried in the message (MTOM part or inline
 * base64, PKCS#7-signed with the sender's key when signing is on), files put on the file storage
 * ({@code RefAttachmentHeader} with the GOST hash + {@code FSAttachment}), tampering marks, and answers without service
 * data. Blocking (file storage writes) and CPU-heavy (signatures): runs on the crypto pool.
 */
final class GeneratedMessageFactory {

    private final SmevSimulatorProperties.Attachments settings;
    private final ResponseSigning signing;
    private final Optional<FtpFileStorage> fileStorage;
    private final Function<byte[], String> fileHash;

    /**
     * @param fileHash base64 of the GOST R 34.11-2012 (256 bit) digest, what {@code RefAttachmentHeader/Hash} holds
     */
    GeneratedMessageFactory(SmevSimulatorProperties.Attachments settings, ResponseSigning signing,
                            Optional<FtpFileStorage> fileStorage, Function<byte[], String> fileHash) {
        this.settings = settings;
        this.signing = signing;
        this.fileStorage = fileStorage;
        this.fileHash = fileHash;
    }

    /**
     * What one generated service-data message carries besides its document.
     *
     * @param attachment        an attachment in the message
     * @param fsAttachment      a file on the file storage
     * @param tampered          changed after signing
     * @param corruptAttachment its attachments' content changed after their PKCS#7 signature and hash were made
     */
    record Extras(boolean attachment, boolean fsAttachment, boolean tampered, boolean corruptAttachment) {
    }

    /** Whether FS attachments can be generated (the file storage runs). */
    boolean fileStorageRunning() {
        return fileStorage.isPresent();
    }

    /** Whether tampering means anything (there are signatures to break). */
    boolean signing() {
        return signing.enabled();
    }

    SmevMessage serviceData(String messageId, Instant now, String serviceDataXml, Extras extras,
                            RandomGenerator random) {
        List<Attachment> attachments = new ArrayList<>();
        if (extras.attachment()) {
            byte[] content = content(settings.size().toBytes(), messageId, random);
            Attachment.Transfer transfer = random.nextDouble() < settings.inlineShare()
                    ? Attachment.Transfer.INLINE : Attachment.Transfer.MTOM;
            byte[] signature = signing.signDetached(content);
            // An xs:ID must not start with a digit; a UUID may.
            attachments.add(new Attachment("att-" + messageId, settings.mimeType(),
                    extras.corruptAttachment() ? corrupted(content) : content, signature, transfer));
        }
        List<FsAttachment> fsAttachments = new ArrayList<>();
        if (extras.fsAttachment()) {
            FtpFileStorage storage = fileStorage.orElseThrow(() -> new IllegalStateException(
                    "FS attachments need the file storage: set simulators.smev.file-storage.enabled=true"));
            byte[] content = content(settings.fsFileSize().toBytes(), messageId, random);
            String hash = fileHash.apply(content);
            byte[] signature = signing.signDetached(content);
            fsAttachments.add(storage.publish("application-" + messageId + extension(), settings.mimeType(),
                    extras.corruptAttachment() ? corrupted(content) : content, hash, signature));
        }
        return new SmevMessage(messageId, now, new SmevMessage.PrimaryContent(serviceDataXml), attachments,
                fsAttachments, extras.tampered());
    }

    /** An answer of a random kind and code, to a request {@code originalMessageId} that SMEV says we sent. */
    SmevMessage answer(String messageId, Instant now, String originalMessageId, RandomGenerator random) {
        AnswerKind[] kinds = AnswerKind.values();
        AnswerKind kind = kinds[random.nextInt(kinds.length)];
        List<String> codes = kind.typicalCodes();
        String code = codes.get(random.nextInt(codes.size()));
        return new SmevMessage(messageId, now, new SmevMessage.StatusAnswer(kind, originalMessageId, code,
                "SMEV simulator: generated " + kind + " " + code), List.of(), List.of(), false);
    }

    private String extension() {
        return switch (settings.mimeType()) {
            case "application/pdf" -> ".pdf";
            case "application/xml", "text/xml" -> ".xml";
            case "text/plain" -> ".txt";
            default -> ".bin";
        };
    }

    /** A copy of {@code content} with its last byte changed: the hash and the signature no longer match it. */
    private static byte[] corrupted(byte[] content) {
        byte[] copy = content.clone();
        copy[copy.length - 1] ^= 0x5A;
        return copy;
    }

    /** {@code size} bytes: a recognisable header naming the message, then seeded random bytes. */
    private static byte[] content(long size, String messageId, RandomGenerator random) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        random.nextBytes(bytes);
        byte[] header = ("%PDF-1.4\n% SMEV simulator attachment of message " + messageId + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, bytes, 0, Math.min(header.length, bytes.length));
        return bytes;
    }
}
