package ru.moku.cardprocessor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * card-processor — МОКУ.QAL, the main card handler: stores each service card once, extracts and
 * validates the identifiers of the organisation and its founder (seed 000 steps 5–6) and drives the
 * card through its stages.
 */
@SpringBootApplication
public class CardProcessorApplication {

    /**
     * The application with its defaults from {@code card-processor.yml}: services share one JVM in
     * the local run and the end-to-end tests, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CardProcessorApplication.class)
                .properties("spring.config.name=card-processor");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
