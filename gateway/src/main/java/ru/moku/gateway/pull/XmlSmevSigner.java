package ru.moku.gateway.pull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.XmlSigner;

/**
 * Signs our SMEV requests as real SMEV requires: {@code CallerInformationSystemSignature} (ЭП-ОВ), the last child of
 * the operation element, over the element whose {@code Id} is {@link SmevRequests#SIGNED_ELEMENT_ID} —
 * {@code MessageTypeSelector} in {@code GetResponseRequest}, {@code AckTargetMessage} in {@code AckRequest},
 * {@code SenderProvidedRequestData} in {@code SendRequestRequest} (SMEV 1.3 types schema: that is the one signature a
 * sender of a request gives; {@code SenderInformationSystemSignature} belongs to responses, and a
 * {@code PersonalSignature} of a person is not ours to give). XMLDSig with exclusive C14N and SMEV's transform, GOST
 * R 34.10/34.11-2012 (smev-crypto {@link XmlSigner}). Signing is CPU work: it runs on the bounded crypto workers,
 * never on an event loop. {@value #SIGN_TIMER} times each signature (its cost per request, for the benchmarks).
 */
public final class XmlSmevSigner implements SmevSigner {

    /** The container SMEV reads the caller's signature from (types namespace). */
    public static final String CONTAINER = "CallerInformationSystemSignature";
    /** How long signing one request took (parse, canonicalise, transform, sign, serialise). */
    public static final String SIGN_TIMER = "moku.gateway.smev.sign";

    private final XmlSigner signer;
    private final Scheduler cryptoWorkers;
    private final Timer signTimer;

    public XmlSmevSigner(XmlSigner signer, Scheduler cryptoWorkers) {
        this(signer, cryptoWorkers, null);
    }

    /** With {@value #SIGN_TIMER} recorded in {@code meters} ({@code null}: not timed). */
    public XmlSmevSigner(XmlSigner signer, Scheduler cryptoWorkers, MeterRegistry meters) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.cryptoWorkers = Objects.requireNonNull(cryptoWorkers, "cryptoWorkers");
        this.signTimer = meters == null ? null : Timer.builder(SIGN_TIMER)
                .description("signing one SMEV request (CallerInformationSystemSignature)").register(meters);
    }

    @Override
    public Mono<String> sign(String soapEnvelope, String signedElementId) {
        return Mono.fromCallable(() -> signNow(soapEnvelope, signedElementId))
                .subscribeOn(cryptoWorkers);
    }

    /** The signed envelope, on the caller's thread (start-up warm-up, tests). */
    public String signNow(String soapEnvelope, String signedElementId) {
        if (signTimer == null) {
            return signer.signEnvelope(soapEnvelope, signedElementId, Namespaces.SMEV_TYPES, CONTAINER);
        }
        return signTimer.record(() -> signer.signEnvelope(soapEnvelope, signedElementId, Namespaces.SMEV_TYPES,
                CONTAINER));
    }
}
