package ru.moku.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.moku.model.intake.ServiceCard;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.simulators.smev.ServiceDataXml;

/**
 * One SMEV response envelope, re-issued with a new SMEV MessageId for every push: the gateway answers
 * a MessageId it has seen with 200 DUPLICATE and stores nothing, so a benchmark of intake needs a
 * unique one per request. Both {@code MessageID} (in {@code SenderProvidedResponseData}) and
 * {@code MessageId} (in {@code MessageMetadata}) get the same new value, as in a real SMEV delivery.
 * Thread-safe: envelopes are built on whichever event loop asks for the next request.
 */
public final class SmevEnvelopes {

    /** The text of a MessageId/MessageID element, with any namespace prefix; not OriginalMessageId. */
    private static final Pattern MESSAGE_ID = Pattern.compile("(<(?:[\\w.-]+:)?Message(?:Id|ID)>)([^<]*)(</)");

    private final String source;
    /** The document cut at each MessageId: parts.size() - 1 ids go between them. */
    private final List<byte[]> parts;
    private final int size;
    /** Per run: random high bits with the version-4 nibble; low bits count up (RFC 4122 variant). */
    private final long runBits = (new SecureRandom().nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
    private final AtomicLong sequence = new AtomicLong();

    private SmevEnvelopes(String source, String template) {
        this.source = source;
        this.parts = split(template);
        this.size = template.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The envelope in {@code file} if it exists, otherwise one rendered by the simulators' {@link ServiceDataXml}. */
    public static SmevEnvelopes fromFileOrRendered(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                return new SmevEnvelopes(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("could not read " + file + ": " + e.getMessage(), e);
            }
        }
        return new SmevEnvelopes("rendered by ServiceDataXml (" + file + " not found)", rendered());
    }

    /** Where the envelope came from, for the results file. */
    String source() {
        return source;
    }

    /** Size of one envelope in bytes. */
    public int size() {
        return size;
    }

    /** The envelope with a MessageId never used before in this run (lower-case UUID, as basic:UUID requires). */
    byte[] next() {
        return withMessageId(nextMessageId());
    }

    /** The envelope with the given MessageId. */
    byte[] withMessageId(String messageId) {
        byte[] id = messageId.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 8);
        out.writeBytes(parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            out.writeBytes(id);
            out.writeBytes(parts.get(i));
        }
        return out.toByteArray();
    }

    String nextMessageId() {
        long low = (sequence.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(runBits, low).toString();
    }

    private static List<byte[]> split(String template) {
        List<byte[]> parts = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(template);
        int from = 0;
        while (matcher.find()) {
            parts.add(template.substring(from, matcher.end(1)).getBytes(StandardCharsets.UTF_8));
            from = matcher.start(3);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the envelope has no MessageId/MessageID element to make unique");
        }
        parts.add(template.substring(from).getBytes(StandardCharsets.UTF_8));
        return parts;
    }

    /** A GetResponseResponse with one valid card (identifiers pass their check digits), fixed seed. */
    private static String rendered() {
        IdentifierGenerator identifiers = new IdentifierGenerator(new SplittableRandom(20261122L));
        ServiceDataXml.Card card = new ServiceDataXml.Card("10000012345", "2024-0001234", LocalDate.of(2024, 11, 5),
                new ServiceCard.Organisation("ООО «Ромашка»", identifiers.legalEntityInn(), identifiers.ogrn(),
                        identifiers.kpp(), "117312, г. Москва, ул. Вавилова, д. 19"),
                ServiceCard.Founder.person("Иванов", "Иван", "Иванович", identifiers.personInn(), null));
        return ServiceDataXml.getResponseEnvelope(ServiceDataXml.newMessageId(),
                ServiceDataXml.serviceData(List.of(card)));
    }
}
