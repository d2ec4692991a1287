package ru.moku.survey.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ru.moku.runtime.testing.RunningService;
import ru.moku.survey.TestSurveyService;

/** The local run's directory: with {@code load-sample-at-start} the bundled sample is loaded when none is current. */
class SampleAtStartIntegrationTests {

    @Test
    void theSampleIsLoadedAtStartWhenNoVersionIsCurrent() {
        try (RunningService service = TestSurveyService.start(
                Map.of("moku.survey.directory.load-sample-at-start", "true"))) {
            await("the sample is current").atMost(Duration.ofSeconds(60)).until(() -> service.database().strings(
                    "SELECT status FROM lko.oktmo_version WHERE file_name = 'sample-oktmo.csv'").contains("CURRENT"));
            assertThat(service.database().count("SELECT count(*) FROM lko.oktmo_entry WHERE valid_to IS NULL"))
                    .isEqualTo(170);
        }
    }
}
