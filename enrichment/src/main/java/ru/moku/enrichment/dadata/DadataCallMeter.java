package ru.moku.enrichment.dadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The timer of HTTP attempts to Dadata, {@value DadataClient#CALLS_METRIC}: one sample per attempt, tagged with
 * what came back ({@code status}: the HTTP status, else {@code timeout} / {@code io_error} / {@code cancelled} /
 * {@code none}) and with what the client made of it ({@code outcome}, see {@link Outcome}).
 */
final class DadataCallMeter {

    /** What the client made of an attempt: the tag {@code outcome}. */
    enum Outcome {
        /** 200 with a party and a valid ОКТМО. */
        FOUND,
        /** 200 without a party, or a party without a (valid) ОКТМО. */
        NOT_FOUND,
        /** 429 ({@link DadataFailure.Pressure}). */
        PRESSURE,
        /** 401 / 403 ({@link DadataFailure.AccessDenied}). */
        ACCESS_DENIED,
        /** 400 / 413 / other 4xx ({@link DadataFailure.RequestRejected}). */
        REJECTED,
        /** 5xx / 408 / no connection ({@link DadataFailure.Unavailable}). */
        UNAVAILABLE,
        /** Anything else: an unreadable body, a bug. */
        FAILED,
        /** The caller gave up first, usually the per-attempt timeout of the lookup's time limiter. */
        CANCELLED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The histogram's lowest bucket: a Dadata answer takes tens of milliseconds. */
    private static final Duration FASTEST_EXPECTED = Duration.ofMillis(5);
    /** The histogram's highest bucket: a hung attempt is cut at {@code call-timeout} (5 s by default). */
    private static final Duration SLOWEST_EXPECTED = Duration.ofSeconds(30);

    private final MeterRegistry meters;

    DadataCallMeter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Starts timing one attempt (call on subscription). */
    Attempt start() {
        return new Attempt(Timer.start(meters));
    }

    /** One attempt: records once, at its first end (an answer, an error or a cancellation). */
    final class Attempt {

        private final Timer.Sample sample;
        private final AtomicBoolean recorded = new AtomicBoolean();
        private volatile String status;

        private Attempt(Timer.Sample sample) {
            this.sample = sample;
        }

        void responded(HttpStatusCode code) {
            status = String.valueOf(code.value());
        }

        void answered(PartyOktmo party) {
            record(status == null ? "none" : status, party.found() ? Outcome.FOUND : Outcome.NOT_FOUND);
        }

        void failed(Throwable error) {
            record(status == null ? statusWithoutResponse(error) : status, outcome(error));
        }

        void cancelled() {
            record(status == null ? "cancelled" : status, Outcome.CANCELLED);
        }

        private void record(String statusTag, Outcome outcome) {
            if (recorded.compareAndSet(false, true)) {
                sample.stop(timer(statusTag, outcome));
            }
        }
    }

    private Timer timer(String status, Outcome outcome) {
        return Timer.builder(DadataClient.CALLS_METRIC)
                .description("HTTP attempts to Dadata's findById/party by status and outcome")
                .tag("status", status)
                .tag("outcome", outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(FASTEST_EXPECTED)
                .maximumExpectedValue(SLOWEST_EXPECTED)
                .register(meters);
    }

    static Outcome outcome(Throwable error) {
        if (error instanceof DadataFailure.Pressure) {
            return Outcome.PRESSURE;
        }
        if (error instanceof DadataFailure.AccessDenied) {
            return Outcome.ACCESS_DENIED;
        }
        if (error instanceof DadataFailure.RequestRejected) {
            return Outcome.REJECTED;
        }
        if (error instanceof DadataFailure.Unavailable) {
            return Outcome.UNAVAILABLE;
        }
        return Outcome.FAILED;
    }

    /** {@code timeout} (connect or I/O timeout), {@code io_error} (other transport failures) or {@code none}. */
    static String statusWithoutResponse(Throwable error) {
        boolean transport = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            // Netty's ConnectTimeoutException and ReadTimeoutException, the JDK's own timeouts.
            if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
            transport |= t instanceof WebClientRequestException || t instanceof IOException;
        }
        return transport ? "io_error" : "none";
    }
}
