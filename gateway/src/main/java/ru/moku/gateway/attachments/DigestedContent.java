package ru.moku.gateway.attachments;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import reactor.core.publisher.Flux;

/**
 * One content on its way into the store: counts its bytes against the size limit and feeds the digest as the pieces
 * pass, so the digest is known the moment the last chunk is stored, without reading anything twice. Used by one
 * subscription.
 */
final class DigestedContent {

    private final MessageDigest digest;
    private final long maxSize;
    private final String what;
    private long size;
    private byte[] result;

    DigestedContent(MessageDigest digest, long maxSize, String what) {
        this.digest = digest;
        this.maxSize = maxSize;
        this.what = what;
    }

    /** {@code pieces}, counted and digested; an {@link AttachmentRefusedException} (too large) past the limit. */
    Flux<byte[]> pass(Flux<byte[]> pieces) {
        return pieces.doOnNext(piece -> {
            size += piece.length;
            if (size > maxSize) {
                throw new AttachmentRefusedException(what + " is larger than " + maxSize + " bytes", true);
            }
            digest.update(piece);
        });
    }

    long size() {
        return size;
    }

    /** The digest of everything passed (call once the pieces are through). */
    byte[] digest() {
        if (result == null) {
            result = digest.digest();
        }
        return result.clone();
    }

    String digestBase64() {
        return Base64.getEncoder().encodeToString(digest());
    }

    /**
     * Whether {@code declared} names this digest: base64 as SMEV's {@code RefAttachmentHeader/Hash} carries it, or
     * hexadecimal (either case), as some adapters write it.
     */
    boolean matches(String declared) {
        String stripped = declared.strip();
        return stripped.equals(digestBase64()) || stripped.equalsIgnoreCase(HexFormat.of().formatHex(digest()));
    }
}
