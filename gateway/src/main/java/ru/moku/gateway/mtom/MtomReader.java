package ru.moku.gateway.mtom;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;
import org.springframework.http.codec.multipart.Part;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.gateway.attachments.AttachmentPart;
import ru.moku.gateway.xml.XmlText;

/**
 * Reads an MTOM message (W3C XOP: {@code multipart/related; type="application/xop+xml"}), as SMEV answers
 * GetResponse and as SMEV adapters push: streamed through Spring's reactive {@link DefaultPartHttpMessageReader}
 * (a part up to {@code max-in-memory-size} stays in memory, a larger one goes to a temporary file, written on the
 * bounded {@code diskWorkers}), with limits on each part, the number of parts, the part headers and the whole body.
 *
 * <p>The root part is the one the {@code start} parameter names (else the first); it must be
 * {@code application/xop+xml}, and its {@code charset} decodes it. Every other part becomes an
 * {@link AttachmentPart} keyed by its Content-ID. A {@code text/plain} part without a file name is a "form field"
 * to Spring: it must fit in {@code max-in-memory-size} (README, MTOM limits).
 */
public final class MtomReader implements AutoCloseable {

    /** XOP's root part type (W3C XOP 1.0 §4.1). */
    public static final String XOP_TYPE = "application/xop+xml";

    private static final ResolvableType PART = ResolvableType.forClass(Part.class);

    private final DefaultPartHttpMessageReader partReader;
    private final long maxMessageBytes;
    private final long maxPartBytes;
    private final int maxParts;
    private final Duration readTimeout;
    private final Scheduler diskWorkers;

    /**
     * @param maxPartBytes     largest part (root or attachment)
     * @param maxMessageBytes  largest body, all parts together
     * @param maxParts         most parts, the root included
     * @param maxInMemoryBytes parts up to this size stay in memory, larger ones go to a temporary file
     * @param maxHeadersBytes  largest header section of one part
     * @param readTimeout      longest time the whole body may take to be read (a stalled upload or a stuck part file
     *                         ends instead of holding the request forever)
     * @param diskWorkers      bounded scheduler for creating, writing and deleting the temporary files; disposed by {@link #close()}
     */
    public MtomReader(long maxPartBytes, long maxMessageBytes, int maxParts, int maxInMemoryBytes,
                      int maxHeadersBytes, Duration readTimeout, Scheduler diskWorkers) {
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.maxPartBytes = maxPartBytes;
        this.maxMessageBytes = maxMessageBytes;
        this.maxParts = maxParts;
        this.diskWorkers = diskWorkers;
        this.partReader = new DefaultPartHttpMessageReader();
        partReader.setMaxInMemorySize(maxInMemoryBytes);
        partReader.setMaxDiskUsagePerPart(maxPartBytes);
        partReader.setMaxHeadersSize(maxHeadersBytes);
        // One more than ours, so that our own check (which names the limit) fires first; Spring's is the backstop.
        partReader.setMaxParts(maxParts + 1);
        partReader.setBlockingOperationScheduler(diskWorkers);
    }

    /** Disposes the disk workers it was given. */
    @Override
    public void close() {
        diskWorkers.dispose();
    }

    /** Whether a Content-Type header announces a {@code multipart/related} body (MTOM). */
    public static boolean isMultipartRelated(String contentType) {
        try {
            return contentType != null && MimeContentType.parse(contentType).is("multipart", "related");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads the body. Fails with {@link MtomException} (nothing left on disk) when a limit is exceeded or the package
     * is malformed; the caller must {@link MtomMessage#release()} a message it got.
     */
    public Mono<MtomMessage> read(String contentType, Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            MimeContentType type;
            try {
                type = packageType(contentType);
            } catch (IllegalArgumentException e) {
                return body.doOnNext(DataBufferUtils::release).then(Mono.error(MtomException.malformed(e.getMessage())));
            }
            // The parts read so far are deleted on an error and on a cancellation (a timeout of the caller, a client
            // gone); once the message is assembled they are its own, released by the caller.
            return Mono.usingWhen(Mono.fromSupplier(() -> new ArrayList<Part>()),
                            parts -> partReader.read(PART, message(type, limited(body)), Map.of())
                                    .doOnNext(part -> {
                                        parts.add(part);
                                        if (parts.size() > maxParts) {
                                            throw MtomException.tooLarge("the MTOM message has more than " + maxParts
                                                    + " parts");
                                        }
                                    })
                                    .then(Mono.defer(() -> assemble(type, parts)))
                                    .timeout(readTimeout, Mono.error(() -> MtomException.malformed(
                                            "the MTOM message was not read within " + readTimeout))),
                            parts -> Mono.empty(),
                            (parts, error) -> MtomMessage.release(parts),
                            MtomMessage::release)
                    .onErrorMap(MtomReader::translated);
        });
    }

    private static MimeContentType packageType(String contentType) {
        MimeContentType type = MimeContentType.parse(contentType);
        if (!type.is("multipart", "related")) {
            throw new IllegalArgumentException("expected multipart/related, got " + type.mimeType());
        }
        if (type.parameter("boundary").filter(boundary -> !boundary.isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("multipart/related without a boundary parameter");
        }
        Optional<String> rootType = type.parameter("type");
        if (rootType.isPresent() && !rootType.get().strip().equalsIgnoreCase(XOP_TYPE)) {
            throw new IllegalArgumentException("multipart/related of type \"" + rootType.get() + "\", expected \""
                    + XOP_TYPE + "\" (MTOM)");
        }
        return type;
    }

    /** The body as Spring's reader wants it: a Content-Type it can read the boundary from, RFC 2231 undone. */
    private static ReactiveHttpInputMessage message(MimeContentType type, Flux<DataBuffer> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(new MediaType("multipart", "related",
                Map.of("boundary", "\"" + type.parameter("boundary").orElseThrow() + "\"")));
        return new ReactiveHttpInputMessage() {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return body;
            }
        };
    }

    /** The body, failing as soon as more than the message limit has arrived. */
    private Flux<DataBuffer> limited(Flux<DataBuffer> body) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            return body.handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > maxMessageBytes) {
                    DataBufferUtils.release(buffer);
                    sink.error(new DataBufferLimitException("the MTOM message exceeds the limit of "
                            + maxMessageBytes + " bytes"));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    private Mono<MtomMessage> assemble(MimeContentType type, List<Part> parts) {
        if (parts.isEmpty()) {
            return Mono.error(MtomException.malformed("the MTOM message has no parts"));
        }
        Map<String, Part> byId = new LinkedHashMap<>();
        for (Part part : parts) {
            String id = contentId(part).orElse(null);
            if (id != null && byId.putIfAbsent(id, part) != null) {
                return Mono.error(MtomException.malformed("two parts with Content-ID <" + id + ">"));
            }
        }
        Optional<String> start = type.parameter("start").map(MtomReader::unbracketed);
        Part root = start.isPresent() ? byId.get(start.get()) : parts.get(0);
        if (root == null) {
            return Mono.error(MtomException.malformed("no part has the Content-ID <" + start.orElseThrow()
                    + "> the start parameter names"));
        }
        MimeContentType rootType;
        try {
            rootType = MimeContentType.parse(root.headers().getFirst(HttpHeaders.CONTENT_TYPE));
        } catch (IllegalArgumentException e) {
            return Mono.error(MtomException.malformed("the root part's Content-Type: " + e.getMessage()));
        }
        if (!rootType.is("application", "xop+xml")) {
            return Mono.error(MtomException.malformed("the root part is " + rootType.mimeType() + ", expected "
                    + XOP_TYPE));
        }
        Map<String, AttachmentPart> attachments = new LinkedHashMap<>();
        for (Part part : parts) {
            if (part == root) {
                continue;
            }
            String id = contentId(part).orElse(null);
            if (id == null) {
                return Mono.error(MtomException.malformed("an attachment part has no Content-ID"));
            }
            String partType = Optional.ofNullable(part.headers().getFirst(HttpHeaders.CONTENT_TYPE))
                    .filter(value -> !value.isBlank()).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            attachments.put(id, new AttachmentPart(id, partType, part.content()));
        }
        return DataBufferUtils.join(root.content(), (int) Math.min(maxPartBytes, Integer.MAX_VALUE))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> {
                    MediaType charsetOnly = rootType.charset()
                            .map(charset -> new MediaType("application", "xml", charset)).orElse(null);
                    XmlText.Decoded decoded = XmlText.decode(bytes, charsetOnly);
                    return new MtomMessage(decoded.text(), decoded.problem(), attachments, parts);
                });
    }

    /** A part's Content-ID without its angle brackets, URL-decoded as {@code cid:} URLs are (RFC 2392). */
    private static Optional<String> contentId(Part part) {
        return Optional.ofNullable(part.headers().getFirst("Content-ID"))
                .map(MtomReader::unbracketed)
                .filter(id -> !id.isEmpty());
    }

    private static String unbracketed(String id) {
        String trimmed = id.strip();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        // URLDecoder would read '+' as a space; in a cid: URL it is itself.
        return trimmed.indexOf('%') >= 0
                ? URLDecoder.decode(trimmed.replace("+", "%2B"), StandardCharsets.UTF_8) : trimmed;
    }

    private static Throwable translated(Throwable error) {
        if (error instanceof MtomException) {
            return error;
        }
        if (error instanceof DataBufferLimitException limit) {
            return MtomException.tooLarge(limit.getMessage());
        }
        if (error instanceof DecodingException decoding) {
            return MtomException.malformed("not a readable multipart/related body: " + decoding.getMessage());
        }
        return error;
    }
}
