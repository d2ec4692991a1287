package ru.moku.enrichment.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import ru.moku.model.identifiers.Oktmo;

/** The tags of {@value DadataClient#CALLS_METRIC}: one sample per attempt, by status and outcome. */
class DadataCallMeterUnitTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DadataCallMeter meter = new DadataCallMeter(meters);

    @Test
    void anAnswerIsTaggedWithItsStatusAndWhetherThePartyWasFound() {
        DadataCallMeter.Attempt found = meter.start();
        found.responded(HttpStatusCode.valueOf(200));
        found.answered(PartyOktmo.found(Oktmo.of("45382000")));
        DadataCallMeter.Attempt notFound = meter.start();
        notFound.responded(HttpStatusCode.valueOf(200));
        notFound.answered(PartyOktmo.none(PartyOktmo.Absence.NO_PARTY, "Dadata knows no such party."));

        assertThat(calls("200", "found")).isEqualTo(1);
        assertThat(calls("200", "not_found")).isEqualTo(1);
    }

    @Test
    void aMappedFailureIsTaggedWithTheStatusThatCameBack() {
        DadataCallMeter.Attempt unavailable = meter.start();
        unavailable.responded(HttpStatusCode.valueOf(503));
        unavailable.failed(new DadataFailure.Unavailable("Dadata answered 503", 503));
        DadataCallMeter.Attempt pressure = meter.start();
        pressure.responded(HttpStatusCode.valueOf(429));
        pressure.failed(new DadataFailure.Pressure("429", Duration.ofSeconds(1)));
        DadataCallMeter.Attempt denied = meter.start();
        denied.responded(HttpStatusCode.valueOf(403));
        denied.failed(new DadataFailure.AccessDenied(403, ""));
        DadataCallMeter.Attempt rejected = meter.start();
        rejected.responded(HttpStatusCode.valueOf(413));
        rejected.failed(new DadataFailure.RequestRejected(413, ""));

        assertThat(calls("503", "unavailable")).isEqualTo(1);
        assertThat(calls("429", "pressure")).isEqualTo(1);
        assertThat(calls("403", "access_denied")).isEqualTo(1);
        assertThat(calls("413", "rejected")).isEqualTo(1);
    }

    @Test
    void aTransportFailureWithoutResponseIsTaggedTimeoutOrIoError() {
        meter.start().failed(new DadataFailure.Unavailable("unreachable",
                requestException(new ConnectTimeoutException("connection timed out"))));
        meter.start().failed(new DadataFailure.Unavailable("unreachable",
                requestException(new ConnectException("connection refused"))));

        assertThat(calls("timeout", "unavailable")).isEqualTo(1);
        assertThat(calls("io_error", "unavailable")).isEqualTo(1);
    }

    @Test
    void aCancelledAttemptIsRecordedOnceAsCancelled() {
        DadataCallMeter.Attempt attempt = meter.start();
        attempt.cancelled();
        attempt.failed(new DadataFailure.Unavailable("late", null));

        assertThat(calls("cancelled", "cancelled")).isEqualTo(1);
        assertThat(meters.find(DadataClient.CALLS_METRIC).timers()).hasSize(1);
    }

    @Test
    void anUnexpectedErrorAfterAnAnswerIsAFailedCallWithTheAnswersStatus() {
        DadataCallMeter.Attempt attempt = meter.start();
        attempt.responded(HttpStatusCode.valueOf(200));
        attempt.failed(new IllegalStateException("unreadable body"));

        assertThat(calls("200", "failed")).isEqualTo(1);
    }

    private long calls(String status, String outcome) {
        return meters.get(DadataClient.CALLS_METRIC).tag("status", status).tag("outcome", outcome).timer().count();
    }

    private static WebClientRequestException requestException(Throwable cause) {
        return new WebClientRequestException(cause, HttpMethod.POST, URI.create("http://dadata"), new HttpHeaders());
    }
}
