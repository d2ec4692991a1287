package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/** The simulator on a random port, spoken to as the enrichment service would: Dadata's API and /admin/dadata. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=dadata-simulator",
        "simulators.dadata.seed=20250301"})
@AutoConfigureWebTestClient
class DadataSimulatorIntegrationTests {

    private static final String PATH = FindPartyEndpoint.PATH;
    private static final String TOKEN = "Token " + DadataSimulatorProperties.DEFAULT_API_KEY;
    private static final int LARGE_BYTES = 300 * 1024;

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final IdentifierGenerator identifiers = new IdentifierGenerator(new SplittableRandom(20250301));

    @BeforeEach
    void startClean() {
        // Large answers are ~300 KB, more than WebTestClient buffers by default.
        client = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .responseTimeout(WAIT).build();
        client.delete().uri("/admin/dadata/faults").exchange().expectStatus().isOk();
        client.delete().uri("/admin/dadata/quota").exchange().expectStatus().isOk();
        client.delete().uri("/admin/dadata/parties").exchange().expectStatus().isNoContent();
        client.delete().uri("/admin/dadata/stats").exchange().expectStatus().isNoContent();
    }

    @Test
    void aPartyIsFoundByInnWithDadatasFields() {
        String inn = identifiers.legalEntityInn();
        PartyProfile registered = register("{\"inn\": \"" + inn + "\", \"oktmo\": \"92701000\", \"name\": \"ВЕКТОР\"}");

        findParty(query(inn)).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.suggestions.length()").isEqualTo(1)
                .jsonPath("$.suggestions[0].value").value(String.class, value -> assertThat(value).endsWith("\"ВЕКТОР\""))
                .jsonPath("$.suggestions[0].unrestricted_value").isNotEmpty()
                .jsonPath("$.suggestions[0].data.inn").isEqualTo(inn)
                .jsonPath("$.suggestions[0].data.ogrn").isEqualTo(registered.party().ogrn())
                .jsonPath("$.suggestions[0].data.kpp").isEqualTo(registered.party().kpp())
                .jsonPath("$.suggestions[0].data.type").isEqualTo("LEGAL")
                .jsonPath("$.suggestions[0].data.branch_type").isEqualTo("MAIN")
                .jsonPath("$.suggestions[0].data.name.full_with_opf").isNotEmpty()
                .jsonPath("$.suggestions[0].data.name.short_with_opf").isNotEmpty()
                .jsonPath("$.suggestions[0].data.oktmo").isEqualTo("92701000")
                .jsonPath("$.suggestions[0].data.address.value").isNotEmpty()
                .jsonPath("$.suggestions[0].data.address.data.oktmo").isEqualTo("92701000")
                .jsonPath("$.suggestions[0].data.address.data.region_with_type").isNotEmpty()
                .jsonPath("$.suggestions[0].data.state.status").isNotEmpty()
                .jsonPath("$.suggestions[0].data.founders").isNotEmpty()
                .jsonPath("$.suggestions[0].data.management.name").isNotEmpty()
                .jsonPath("$.suggestions[0].data.ogrn_date").isNumber();
    }

    @Test
    void theSamePartyIsFoundByItsOgrn() {
        String inn = identifiers.legalEntityInn();
        Party party = register("{\"inn\": \"" + inn + "\"}").party();

        assertThat(found(party.ogrn())).isEqualTo(found(inn)).isEqualTo(party);
    }

    @Test
    void generatedPartiesAnswerWhatTheAdminApiSays() {
        PartySample sample = client.get().uri("/admin/dadata/parties/sample?count=40&seed=11&individualShare=0.3")
                .exchange().expectStatus().isOk().expectBody(PartySample.class).returnResult().getResponseBody();

        assertThat(sample.parties()).extracting(PartySummary::outcome)
                .contains(Outcome.FOUND, Outcome.ADDRESS_ONLY_OKTMO, Outcome.NOT_FOUND);
        for (PartySummary expected : sample.parties()) {
            Suggestions answer = suggestions(query(expected.identifier()));
            if (expected.outcome().found()) {
                assertThat(answer.suggestions()).singleElement().satisfies(suggestion -> {
                    assertThat(suggestion.data().inn()).isEqualTo(expected.identifier());
                    assertThat(suggestion.data().effectiveOktmo()).isEqualTo(expected.oktmo());
                });
            } else {
                assertThat(answer.suggestions()).isEmpty();
            }
        }
    }

    @Test
    void anUnknownIdentifierIsAnEmptyListWithStatus200() {
        String inn = identifiers.legalEntityInn();
        register("{\"inn\": \"" + inn + "\", \"outcome\": \"NOT_FOUND\"}");

        findParty(query(inn)).expectStatus().isOk().expectBody().json("{\"suggestions\": []}", true);
        client.get().uri("/admin/dadata/parties/" + inn).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.outcome").isEqualTo("NOT_FOUND");
    }

    @Test
    void anInvalidIdentifierIsAnEmptyListToo() {
        findParty(query("7707083894")).expectStatus().isOk().expectBody().json("{\"suggestions\": []}", true);

        client.get().uri("/admin/dadata/parties/7707083894").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.reason").isEqualTo("not a valid ИНН or ОГРН");
    }

    @Test
    void anOktmoOnlyInTheAddressIsNotAtTheTopLevel() {
        String inn = identifiers.legalEntityInn();
        register("{\"inn\": \"" + inn + "\", \"outcome\": \"ADDRESS_ONLY_OKTMO\", \"oktmo\": \"45382000\"}");

        findParty(query(inn)).expectStatus().isOk().expectBody()
                .jsonPath("$.suggestions[0].data.oktmo").isEmpty()
                .jsonPath("$.suggestions[0].data.address.data.oktmo").isEqualTo("45382000");
    }

    @Test
    void aPartyWithoutOktmoHasNoneAnywhere() {
        String inn = identifiers.legalEntityInn();
        PartyProfile registered = register("{\"inn\": \"" + inn + "\", \"outcome\": \"NO_OKTMO\"}");

        Party party = found(inn);

        assertThat(party.oktmo()).isNull();
        assertThat(party.effectiveOktmo()).isNull();
        assertThat(registered.oktmo()).isNull();
    }

    @Test
    void aLargeOrganisationsAnswerIsAbout300Kilobytes() {
        String inn = identifiers.legalEntityInn();
        register("{\"inn\": \"" + inn + "\", \"large\": true}");

        byte[] body = findParty(query(inn)).expectStatus().isOk().expectBody().returnResult().getResponseBody();

        assertThat(body.length).isBetween((int) (LARGE_BYTES * 0.95), (int) (LARGE_BYTES * 1.05));
        assertThat(found(inn).founders()).hasSizeGreaterThan(300);
    }

    @Test
    void typeAndBranchTypeFilterTheAnswer() {
        String inn = identifiers.personInn();
        Party entrepreneur = register("{\"inn\": \"" + inn + "\", \"name\": \"Петров Пётр Петрович\"}").party();

        assertThat(entrepreneur.type()).isEqualTo(Party.Type.INDIVIDUAL);
        assertThat(entrepreneur.name().shortWithOpf()).isEqualTo("ИП Петров Пётр Петрович");
        assertThat(suggestions(query(inn, "\"type\": \"INDIVIDUAL\"")).suggestions()).hasSize(1);
        assertThat(suggestions(query(inn, "\"type\": \"LEGAL\"")).suggestions()).isEmpty();
        assertThat(suggestions(query(inn, "\"branch_type\": \"BRANCH\"")).suggestions()).isEmpty();
    }

    @Test
    void aMissingOrWrongKeyIs401WithDadatasError() {
        String body = query(identifiers.legalEntityInn());

        client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectBody(DadataError.class).value(error -> {
                    assertThat(error.family()).isEqualTo("CLIENT_ERROR");
                    assertThat(error.reason()).isEqualTo("Unauthorized");
                });
        client.post().uri(PATH).header(HttpHeaders.AUTHORIZATION, "Token not-the-key")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isUnauthorized()
                .expectBody(DadataError.class).value(error -> assertThat(error.message()).isEqualTo("Unknown API key"));
        assertThat(stats().withStatus(401)).isEqualTo(2);
    }

    @Test
    void malformedBodiesAre400() {
        findParty("{\"query\": ").expectStatus().isBadRequest()
                .expectBody(DadataError.class).value(error -> assertThat(error.message()).startsWith("Malformed JSON"));
        findParty("{\"branch_type\": \"MAIN\"}").expectStatus().isBadRequest()
                .expectBody(DadataError.class).value(error -> assertThat(error.message()).isEqualTo("query is required"));
        findParty(query("7707083893", "\"type\": \"PERSON\"")).expectStatus().isBadRequest();
        findParty("").expectStatus().isBadRequest();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String padding = "x".repeat(20 * 1024);

        findParty("{\"query\": \"7707083893\", \"padding\": \"" + padding + "\"}")
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody(DadataError.class).value(error -> assertThat(error.family()).isEqualTo("CLIENT_ERROR"));
    }

    @Test
    void onlyJsonIsAcceptedAndOnlyByPost() {
        client.post().uri(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN).contentType(MediaType.TEXT_PLAIN)
                .bodyValue(query("7707083893")).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        client.get().uri(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN).exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void requestsAboveTheRatePerSecondGet429WithRetryAfter() {
        String inn = identifiers.legalEntityInn();
        register("{\"inn\": \"" + inn + "\"}");
        found(inn);
        putFaults("{\"rateLimit\": 3, \"retryAfter\": \"1500ms\"}");

        // Eight at once. Normally they all land in one second (three pass, five refused); on a loaded
        // machine they may straddle two windows, so the test allows up to two windows' worth of passes.
        List<ResponseEntity<String>> answers = Flux.range(0, 8)
                .flatMap(i -> webClient().post().uri(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(query(inn))
                        .exchangeToMono(response -> response.toEntity(String.class)), 8)
                .collectList()
                .block(Duration.ofSeconds(30));

        Map<Integer, List<ResponseEntity<String>>> byStatus = answers.stream()
                .collect(Collectors.groupingBy(answer -> answer.getStatusCode().value()));
        assertThat(byStatus).containsOnlyKeys(200, 429);
        assertThat(byStatus.get(200)).hasSizeBetween(3, 6);
        assertThat(byStatus.get(429)).hasSize(8 - byStatus.get(200).size()).allSatisfy(answer -> {
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
            assertThat(answer.getBody()).contains("CLIENT_ERROR");
        });
        assertThat(stats().withStatus(429)).isEqualTo(byStatus.get(429).size());
    }

    @Test
    void withoutRetryAfterConfiguredA429HasNoSuchHeader() {
        putFaults("{\"rateLimit\": 1}");
        String body = query(identifiers.legalEntityInn());
        findParty(body);

        findParty(body).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
    }

    @Test
    void afterTheDailyQuotaRequestsAre403UntilTheQuotaIsReset() {
        putFaults("{\"dailyQuota\": 2}");
        String body = query(identifiers.legalEntityInn());
        findParty(body).expectStatus().isOk();
        findParty(body).expectStatus().isOk();

        findParty(body).expectStatus().isForbidden()
                .expectBody(DadataError.class).value(error -> assertThat(error.message()).startsWith("Daily request limit"));
        client.get().uri("/admin/dadata/quota").exchange().expectStatus().isOk()
                .expectBody(QuotaState.class).value(quota -> {
                    assertThat(quota.limit()).isEqualTo(2);
                    assertThat(quota.used()).isEqualTo(2);
                    assertThat(quota.remaining()).isZero();
                });

        client.delete().uri("/admin/dadata/quota").exchange().expectStatus().isOk();
        findParty(body).expectStatus().isOk();
    }

    @Test
    void an500IsDadatasJsonErrorWhileAn502And503ComeFromTheProxyAsHtml() {
        String body = query(identifiers.legalEntityInn());

        putFaults("{\"http500Rate\": 1}");
        findParty(body).expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectBody(DadataError.class).value(error -> assertThat(error.family()).isEqualTo("SERVER_ERROR"));
        putFaults("{\"http502Rate\": 1}");
        findParty(body).expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(page -> assertThat(page).contains("502 Bad Gateway"));
        putFaults("{\"http503Rate\": 1}");
        findParty(body).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

        assertThat(stats()).satisfies(stats -> {
            assertThat(stats.withStatus(500)).isEqualTo(1);
            assertThat(stats.withStatus(502)).isEqualTo(1);
            assertThat(stats.withStatus(503)).isEqualTo(1);
        });
    }

    @Test
    void aTimedOutRequestEndsInAProxys504() {
        putFaults("{\"timeoutRate\": 1, \"timeoutDuration\": \"1s\"}");

        findParty(query(identifiers.legalEntityInn())).expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT);

        assertThat(stats()).extracting(DadataStats::timeouts, DadataStats::total).containsExactly(1L, 1L);
    }

    @Test
    void aClientThatGivesUpFirstIsStillCountedAsOneRequest() {
        putFaults("{\"timeoutRate\": 1, \"timeoutDuration\": \"1m\"}");
        String inn = identifiers.legalEntityInn();

        StepVerifier.create(webClient().post().uri(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(query(inn))
                        .retrieve().toBodilessEntity()
                        .timeout(Duration.ofSeconds(3)))
                .expectError(TimeoutException.class)
                .verify(WAIT);

        await("the request counted").atMost(WAIT).until(() -> stats().total() == 1);
        assertThat(stats()).satisfies(stats -> {
            assertThat(stats.total()).isEqualTo(1);
            assertThat(stats.timeouts()).isEqualTo(1);
            assertThat(stats.forIdentifier(inn)).isEqualTo(1);
        });
    }

    @Test
    void injectedLatencyHoldsTheAnswerBack() {
        // A latency far beyond the client's patience: the client gives up first however slow the machine is.
        putFaults("{\"latency\": \"10m\"}");

        StepVerifier.create(webClient().post().uri(PATH).header(HttpHeaders.AUTHORIZATION, TOKEN)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(query(identifiers.legalEntityInn()))
                        .retrieve().toBodilessEntity()
                        .timeout(Duration.ofSeconds(3)))
                .expectError(TimeoutException.class)
                .verify(WAIT);
    }

    @Test
    void statsCountRequestsByStatusAndIdentifierUntilReset() {
        String first = identifiers.legalEntityInn();
        String second = identifiers.ogrn();
        for (int i = 0; i < 3; i++) {
            findParty(query(first)).expectStatus().isOk();
        }
        findParty(query(" " + second + " ")).expectStatus().isOk();
        client.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).bodyValue(query(first)).exchange()
                .expectStatus().isUnauthorized();

        assertThat(stats()).isEqualTo(new DadataStats(5, Map.of("200", 4L, "401", 1L), 0,
                Map.of(first, 3L, second, 1L)));

        client.delete().uri("/admin/dadata/stats").exchange().expectStatus().isNoContent();
        assertThat(stats()).isEqualTo(new DadataStats(0, Map.of(), 0, Map.of()));
    }

    @Test
    void faultsCanBeReadAndAreValidated() {
        putFaults("{\"http503Rate\": 0.02, \"timeoutRate\": 0.05, \"latency\": \"PT0.1S\", \"rateLimit\": 30}");

        client.get().uri("/admin/dadata/faults").exchange().expectStatus().isOk()
                .expectBody(DadataFaultSettings.class)
                .isEqualTo(new DadataFaultSettings("PT0.1S", "PT0S", 0.05, "PT30S", 0.0, 0.0, 0.02, 30, "PT0S", 0L));
        client.put().uri("/admin/dadata/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"http503Rate\": 1.5}").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("http503Rate"));
        client.put().uri("/admin/dadata/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"http500Rate\": 0.6, \"http502Rate\": 0.6}").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("failureRatesAtMostOne"));
        client.put().uri("/admin/dadata/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"latency\": \"soon\"}").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void registrationsAreListedValidatedAndForgotten() {
        String inn = identifiers.legalEntityInn();
        PartyProfile generated = profile(inn);
        register("{\"inn\": \"" + inn + "\", \"outcome\": \"NO_OKTMO\"}");

        List<PartySummary> listed = client.get().uri("/admin/dadata/parties").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<PartySummary>>() { })
                .returnResult().getResponseBody();
        assertThat(listed).singleElement().satisfies(summary -> {
            assertThat(summary.identifier()).isEqualTo(inn);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_OKTMO);
            assertThat(summary.registered()).isTrue();
        });
        client.post().uri("/admin/dadata/parties").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"inn\": \"7707083894\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("inn:"));

        client.delete().uri("/admin/dadata/parties/" + inn).exchange().expectStatus().isNoContent();
        client.delete().uri("/admin/dadata/parties/" + inn).exchange().expectStatus().isNotFound();
        assertThat(profile(inn)).isEqualTo(generated);
        assertThat(generated.registered()).isFalse();
    }

    private PartyProfile register(String json) {
        return client.post().uri("/admin/dadata/parties").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(PartyProfile.class).returnResult().getResponseBody();
    }

    /** What the admin API says about {@code identifier}, found (200) or not (404). */
    private PartyProfile profile(String identifier) {
        return client.get().uri("/admin/dadata/parties/" + identifier).exchange()
                .expectBody(PartyProfile.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec findParty(String body) {
        return client.post().uri(PATH)
                .header(HttpHeaders.AUTHORIZATION, TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    private Suggestions suggestions(String body) {
        return findParty(body).expectStatus().isOk().expectBody(Suggestions.class).returnResult().getResponseBody();
    }

    /** The one party found for {@code identifier}. */
    private Party found(String identifier) {
        List<Suggestions.Suggestion> suggestions = suggestions(query(identifier)).suggestions();
        assertThat(suggestions).hasSize(1);
        return suggestions.get(0).data();
    }

    private DadataStats stats() {
        return client.get().uri("/admin/dadata/stats").exchange().expectStatus().isOk()
                .expectBody(DadataStats.class).returnResult().getResponseBody();
    }

    private void putFaults(String json) {
        client.put().uri("/admin/dadata/faults").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isOk();
    }

    private WebClient webClient() {
        return WebClient.create("http://127.0.0.1:" + port);
    }

    /** The body the enrichment service sends: MAIN branch, one suggestion. */
    private static String query(String identifier, String... more) {
        StringBuilder json = new StringBuilder("{\"query\": \"" + identifier + "\", \"branch_type\": \"MAIN\", \"count\": 1");
        for (String field : more) {
            json.append(", ").append(field);
        }
        return json.append('}').toString();
    }
}
