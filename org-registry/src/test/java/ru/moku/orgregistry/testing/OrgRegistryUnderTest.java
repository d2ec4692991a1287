package ru.moku.orgregistry.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.OrgRegistryApplication;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.rabbit.RabbitTopology;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.StubTokenEndpoint;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestSurveyKeys;
import ru.moku.survey.SurveyServiceApplication;

/**
 * org-registry started for one test class against the real servers, calling ЛКО at {@code lkoBaseUrl} with tokens
 * from a stub token endpoint ({@link #tokenEndpoint()}).
 */
public final class OrgRegistryUnderTest implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final RunningService service;
    private final StubTokenEndpoint tokenEndpoint;
    private final WebTestClient client;
    private final EnvelopeCodec codec;

    private OrgRegistryUnderTest(RunningService service, StubTokenEndpoint tokenEndpoint) {
        this.service = service;
        this.tokenEndpoint = tokenEndpoint;
        // The tests call both the hand-off (PUT, a service's) and the operator APIs: a token with both roles.
        this.client = anonymousClient(service).mutate()
                .defaultHeaders(TestJwts.bearer(TestJwts.token("org-registry-tests", TestJwts.OPERATOR,
                        TestJwts.SERVICE)))
                .build();
        this.codec = service.bean(EnvelopeCodec.class);
    }

    /** Started with short backoffs and a {@code timeout} per ЛКО call; waits for its RabbitMQ topology. */
    public static OrgRegistryUnderTest start(String lkoBaseUrl, Duration timeout) {
        return start(lkoBaseUrl, timeout, StubTokenEndpoint.start());
    }

    /**
     * Like {@link #start(String, Duration)}, calling the real ЛКО {@code lko} (from {@link #startRealLko()}), which
     * checks the service tokens; 5 s per ЛКО call.
     */
    public static OrgRegistryUnderTest startAgainstRealLko(RunningService lko) {
        return start("http://127.0.0.1:" + lko.port(), Duration.ofSeconds(5),
                StubTokenEndpoint.startIssuingServiceJwts());
    }

    /** The real ЛКО: survey-service in this JVM, over its own database and names. */
    public static RunningService startRealLko() {
        return RunningService.start(SurveyServiceApplication.builder(), "lko",
                Map.of("moku.survey.token.public-key", TestSurveyKeys.publicKey()));
    }

    /** Like {@link #start(String, Duration)}, with {@code overrides} on top (e.g. a circuit breaker that opens). */
    public static OrgRegistryUnderTest start(String lkoBaseUrl, Duration timeout, Map<String, Object> overrides) {
        return start(lkoBaseUrl, timeout, StubTokenEndpoint.start(), overrides);
    }

    private static OrgRegistryUnderTest start(String lkoBaseUrl, Duration timeout, StubTokenEndpoint tokenEndpoint) {
        return start(lkoBaseUrl, timeout, tokenEndpoint, Map.of());
    }

    private static OrgRegistryUnderTest start(String lkoBaseUrl, Duration timeout, StubTokenEndpoint tokenEndpoint,
                                              Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(tokenEndpoint.clientProperties());
        properties.put("moku.org-registry.lko.base-url", lkoBaseUrl);
        properties.put("moku.org-registry.lko.timeout", timeout.toMillis() + "ms");
        properties.put("moku.org-registry.lko.first-backoff", "20ms");
        properties.put("moku.org-registry.lko.max-backoff", "100ms");
        properties.put("moku.org-registry.lko.rejection-backoff", "20ms");
        // Tests provoke failures on purpose: the circuit must not open across them.
        properties.put("moku.org-registry.lko.circuit-breaker.minimum-calls", "1000");
        properties.put("moku.messaging.consumer.first-backoff", "20ms");
        properties.put("moku.messaging.outbox.poll-interval", "20ms");
        properties.putAll(overrides);
        try {
            RunningService service = RunningService.start(OrgRegistryApplication.builder(), "pos_os", properties);
            service.bean(RabbitTopology.class).declared().block(WAIT);
            return new OrgRegistryUnderTest(service, tokenEndpoint);
        } catch (RuntimeException | Error e) {
            tokenEndpoint.close();
            throw e;
        }
    }

    /** Where org-registry gets its client-credentials tokens for ЛКО. */
    public StubTokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    /** A client of the API with a token of roles {@code operator} and {@code service}. */
    public WebTestClient client() {
        return client;
    }

    /** A client of the API sending no token. */
    public WebTestClient anonymousClient() {
        return anonymousClient(service);
    }

    /** A client of the management port (actuator). */
    public WebTestClient managementClient() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.managementPort())
                .responseTimeout(WAIT).build();
    }

    private static WebTestClient anonymousClient(RunningService service) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT).build();
    }

    /** A bean of the running service (a handler, the transaction operator, the inbox). */
    public <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    public TestDatabase database() {
        return service.database();
    }

    public TestRabbit rabbit() {
        return service.rabbit();
    }

    /** Variant 1: publishes the submission on {@code pos-os.organisations}; returns the message. */
    public Envelope<OrganisationSubmission> publish(OrganisationSubmission submission) {
        Envelope<OrganisationSubmission> message = Envelope.create(MessageTypes.ORGANISATION_SUBMITTED,
                "moku/card-processor", submission.cardId(), null, String.valueOf(submission.mokuOrganisationId()),
                submission);
        rabbit().publish(Destinations.ORGANISATION_SUBMISSIONS, codec.encodeToString(message));
        return message;
    }

    /** Variant 2: {@code PUT /api/v1/organisations/{id}}, expecting 200. */
    public void put(OrganisationSubmission submission) {
        client.put().uri("/api/v1/organisations/{id}", submission.mokuOrganisationId()).bodyValue(submission)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.mokuOrganisationId").isEqualTo(submission.mokuOrganisationId().toString());
    }

    /** Waits until the organisation has {@code status}. */
    public void awaitStatus(UUID mokuOrganisationId, String status) {
        await("organisation " + mokuOrganisationId + " " + status).atMost(WAIT).until(() -> count("organisation WHERE moku_organisation_id = '" + mokuOrganisationId + "' AND status = '"
                        + status + "'") == 1);
    }

    /** Takes {@code OrganisationRegistered} messages off card-processor's queue until the one for the organisation. */
    public Envelope<OrganisationRegistered> awaitRegistered(UUID mokuOrganisationId) {
        @SuppressWarnings("unchecked")
        Envelope<OrganisationRegistered>[] found = new Envelope[1];
        await("OrganisationRegistered for " + mokuOrganisationId).atMost(WAIT).until(() -> {
            for (String body = rabbit().take(Destinations.ORGANISATIONS_REGISTERED.queue()); body != null;
                 body = rabbit().take(Destinations.ORGANISATIONS_REGISTERED.queue())) {
                Envelope<OrganisationRegistered> message = codec.decode(body.getBytes(), OrganisationRegistered.class);
                if (message.data().mokuOrganisationId().equals(mokuOrganisationId)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** {@code SELECT count(*) FROM pos_os.<fromWhere>}. */
    public long count(String fromWhere) {
        return database().count("SELECT count(*) FROM pos_os." + fromWhere);
    }

    public String string(String sql) {
        return database().queryForObject(sql, String.class);
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            tokenEndpoint.close();
        }
    }
}
