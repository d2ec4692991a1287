package ru.moku.orgregistry.lko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.testing.OrgRegistryUnderTest;
import ru.moku.orgregistry.testing.Organisations;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.testing.PartnerStub;
import ru.moku.runtime.testing.PartnerStub.Reply;

/**
 * ЛКО away long enough for org-registry's circuit to open, with a real circuit breaker (the other tests keep it
 * shut): the hand-offs that arrive meanwhile wait for the circuit ({@code outage-wait}) and reach ЛКО once it is
 * back, instead of each becoming an {@code LKO_UNAVAILABLE} incident within milliseconds — the 10,000-card
 * kill-all-survey-service run left 3,700 such incidents, re-driven in bursts that opened the circuit again.
 */
class LkoOutageIntegrationTests {

    @AutoClose
    private static PartnerStub lko;
    @AutoClose
    private static OrgRegistryUnderTest registry;

    @BeforeAll
    static void start() {
        lko = PartnerStub.lko();
        registry = OrgRegistryUnderTest.start(lko.baseUrl(), Duration.ofSeconds(3), Map.of(
                "moku.org-registry.lko.circuit-breaker.minimum-calls", "2",
                "moku.org-registry.lko.circuit-breaker.open-for", "2s",
                "moku.org-registry.lko.outage-wait", "2m"));
    }

    @Test
    void handOffsArrivingWhileTheCircuitIsOpenWaitForItAndReachLkoWithoutAnIncident() {
        // The first organisation's calls fail until its script is used up: two of them open the circuit.
        OrganisationSubmission first = Organisations.valid();
        lko.script(first.mokuOrganisationId(), Reply.status(502), Reply.status(502), Reply.status(502));
        registry.put(first);
        CircuitBreaker circuit = registry.bean(PartnerCalls.class).circuitBreaker();
        await("ЛКО's circuit open").atMost(OrgRegistryUnderTest.WAIT)
                .until(() -> circuit.getState() == CircuitBreaker.State.OPEN);
        List<OrganisationSubmission> meanwhile = IntStream.range(0, 5).mapToObj(i -> Organisations.valid()).toList();
        meanwhile.forEach(registry::put);

        registry.awaitStatus(first.mokuOrganisationId(), "CREATED_IN_LKO");
        for (OrganisationSubmission submission : meanwhile) {
            UUID id = submission.mokuOrganisationId();
            registry.awaitStatus(id, "CREATED_IN_LKO");
            assertThat(lko.calls(id)).as("called once the circuit let it through").isEqualTo(1);
        }
        assertThat(registry.count("incident WHERE kind = 'LKO_UNAVAILABLE'")).isZero();
        assertThat(lko.calls(first.mokuOrganisationId())).isEqualTo(4);
    }
}
