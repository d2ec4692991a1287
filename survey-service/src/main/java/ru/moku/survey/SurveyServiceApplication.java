package ru.moku.survey;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * survey-service — ПОС.ОГ.ЛКО, the survey contour's store: organisations and founders (seed 000 step 11), the
 * questionnaire and the applicants' answers (steps 16–22); later the ОКТМО directory.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SurveyServiceApplication {

    /**
     * The application with its defaults from {@code survey-service.yml}: services share one JVM in the local run
     * and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SurveyServiceApplication.class)
                .properties("spring.config.name=survey-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
