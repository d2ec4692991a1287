package ru.moku.enrichment.api;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.runtime.testing.RunningService;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.runtime.testing.TestJwts;

/** {@code GET /api/v1/oktmo} on a random port, against the Dadata simulator and PostgreSQL. */
class OktmoControllerIntegrationTests {

    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static WebTestClient client;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.start(Map.of());
        dadata = enrichment.dadata();
        service = enrichment.service();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port())
                .defaultHeaders(TestJwts.bearer(TestJwts.operator()))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void anInnGivesTheFreshThenTheCachedAnswer() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");

        client.get().uri("/api/v1/oktmo?inn={inn}", inn).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.identifier").isEqualTo(inn)
                .jsonPath("$.kind").isEqualTo("INN")
                .jsonPath("$.outcome").isEqualTo("FOUND")
                .jsonPath("$.oktmo").isEqualTo("45382000")
                .jsonPath("$.cached").isEqualTo(false);
        client.get().uri("/api/v1/oktmo?inn={inn}", inn).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.outcome").isEqualTo("FOUND")
                .jsonPath("$.cached").isEqualTo(true);
    }

    @Test
    void anUnknownOgrnIsNotFoundWithANullOktmo() {
        String ogrn = ids.ogrn();
        Map<String, Object> unknown = Map.of("ogrn", ogrn, "outcome", "NOT_FOUND");
        WebTestClient.bindToServer().baseUrl(dadata.baseUrl()).build()
                .post().uri("/admin/dadata/parties").bodyValue(unknown).exchange().expectStatus().isCreated();

        client.get().uri("/api/v1/oktmo?ogrn={ogrn}", ogrn).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.kind").isEqualTo("OGRN")
                .jsonPath("$.outcome").isEqualTo("NOT_FOUND")
                .jsonPath("$.oktmo").doesNotExist();
    }

    @Test
    void anInvalidInnIsTheCallersFault() {
        client.get().uri("/api/v1/oktmo?inn=7707083894").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("7707083894"));
    }

    @Test
    void neitherOrBothIdentifiersAreTheCallersFault() {
        client.get().uri("/api/v1/oktmo").exchange().expectStatus().isBadRequest();
        client.get().uri("/api/v1/oktmo?inn={inn}&ogrn={ogrn}", ids.legalEntityInn(), ids.ogrn()).exchange()
                .expectStatus().isBadRequest();
    }
}
