package ru.moku.survey;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import ru.moku.runtime.testing.CommandLine;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestSurveyKeys;

/** Starts survey-service for a test, with the TEST-ONLY survey token public key it requires. */
public final class TestSurveyService {

    /** The schema of survey-service's tables. */
    public static final String SCHEMA = "lko";

    private TestSurveyService() {
    }

    /** On a database and RabbitMQ names of its own; {@code overrides} win. */
    public static RunningService start(Map<String, ?> overrides) {
        return RunningService.start(SurveyServiceApplication.builder(), SCHEMA, withKey(overrides));
    }

    /** On {@code database} and {@code rabbit}, which the test owns (to start it again on the same ones). */
    public static ConfigurableApplicationContext start(TestDatabase database, TestRabbit rabbit,
                                                       Map<String, ?> overrides) {
        Map<String, Object> properties = RunningService.springProperties(database, rabbit, SCHEMA);
        properties.put("server.port", "0");
        properties.putAll(withKey(overrides));
        ConfigurableApplicationContext context = SurveyServiceApplication.builder().run(CommandLine.args(properties));
        RunningService.awaitBrokers(context);
        return context;
    }

    private static Map<String, Object> withKey(Map<String, ?> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("moku.survey.token.public-key", TestSurveyKeys.publicKey());
        properties.putAll(overrides);
        return properties;
    }
}
