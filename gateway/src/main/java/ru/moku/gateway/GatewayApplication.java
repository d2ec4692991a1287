package ru.moku.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * МОКУ.SmevExchange: takes SMEV 3 response messages (pull and push), stores each raw message,
 * splits it into one integration instance per service card and publishes the cards
 * (seed 000, steps 1–4). See the module README for tables, queues, endpoints and properties.
 */
@SpringBootApplication
public class GatewayApplication {

    /** {@code Envelope.source()} of everything the gateway publishes (service cards, survey links sent). */
    public static final String MESSAGE_SOURCE = "moku/gateway";

    /**
     * The application with its own configuration file, {@code gateway.yml}: several services run in
     * one JVM locally and in tests, so none of them may read a shared {@code application.yml}.
     *
     * <p>Properties given to {@link SpringApplicationBuilder#properties} are <em>default</em>
     * properties and lose against {@code gateway.yml}; override settings with command-line
     * arguments ({@code run("--spring.r2dbc.url=…")}) instead.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
