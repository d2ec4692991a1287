package ru.moku.runtime.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;

/**
 * {@link IncidentAutoRetry} in the running test application: {@link TestRedriver#REDRIVEN} incidents are retried by
 * the service itself every second, at most twice per subject; {@link TestRedriver#FAILING} ones are not configured
 * and stay open; a {@link TestRedriver#HANGING} re-drive is given up after one interval and holds nothing up.
 */
class IncidentAutoRetryIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static Incidents incidents;

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(RuntimeTestApplication.class,
                        IncidentControllerIntegrationTests.RedriverConfiguration.class)
                        .properties("spring.config.name=runtime-test"),
                RuntimeTestApplication.SCHEMA, Map.of(
                        "moku.incidents.auto-retry.kinds", TestRedriver.REDRIVEN.name() + "," + TestRedriver.HANGING.name(),
                        "moku.incidents.auto-retry.interval", INTERVAL.toMillis() + "ms",
                        "moku.incidents.auto-retry.max-retries", "2"));
        database = service.database();
        incidents = service.bean(Incidents.class);
    }

    @Test
    void anOpenIncidentOfAConfiguredKindIsReDrivenByTheServiceOnce() {
        UUID id = register(TestRedriver.REDRIVEN, uniqueSubject());

        await().atMost(WAIT).until(() -> status(id).equals("RESOLVED"));

        assertThat(incidents.get(id).block(WAIT).resolutionComment()).isEqualTo("retried: auto-retried");
        assertThat(database.count("SELECT count(*) FROM " + RuntimeTestApplication.SCHEMA + ".test_effect WHERE card_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void anIncidentOfAKindNotConfiguredWaitsForAPerson() {
        UUID failing = register(TestRedriver.FAILING, uniqueSubject());
        UUID redriven = register(TestRedriver.REDRIVEN, uniqueSubject());

        // Registered after the other one, so once it is retried the other one has been looked at as well.
        await().atMost(WAIT).until(() -> status(redriven).equals("RESOLVED"));

        assertThat(status(failing)).isEqualTo("OPEN");
        assertThat(database.count("SELECT count(*) FROM " + RuntimeTestApplication.SCHEMA + ".test_effect WHERE card_id = '" + failing + "'")).isZero();
    }

    @Test
    void aSubjectRetriedMaxRetriesTimesKeepsItsNextIncidentOpen() {
        String subject = uniqueSubject();
        for (int retry = 1; retry <= 2; retry++) {
            UUID id = register(TestRedriver.REDRIVEN, subject);
            await().atMost(WAIT).until(() -> status(id).equals("RESOLVED"));
        }
        UUID third = register(TestRedriver.REDRIVEN, subject);
        UUID other = register(TestRedriver.REDRIVEN, uniqueSubject());

        // The other subject's incident, registered later, is retried: the third one was looked at and left open.
        await().atMost(WAIT).until(() -> status(other).equals("RESOLVED"));

        assertThat(status(third)).isEqualTo("OPEN");
    }

    @Test
    void aReDriveThatNeverFinishesIsGivenUpAndTheIncidentsAfterItAreStillRetried() {
        UUID hanging = register(TestRedriver.HANGING, uniqueSubject());
        UUID redriven = register(TestRedriver.REDRIVEN, uniqueSubject());

        // The hanging one is older, so every look reaches it first; the later one is retried all the same.
        await().atMost(WAIT).until(() -> status(redriven).equals("RESOLVED"));

        assertThat(status(hanging)).isEqualTo("OPEN");
    }

    private static UUID register(IncidentKind kind, String subject) {
        return incidents.register(new Incident.Draft(kind, subject, "partner away", "{}", 3)).block(WAIT);
    }

    private static String status(UUID id) {
        return incidents.get(id).map(incident -> incident.status().name()).block(WAIT);
    }

    private static String uniqueSubject() {
        return "organisation " + UUID.randomUUID();
    }
}
