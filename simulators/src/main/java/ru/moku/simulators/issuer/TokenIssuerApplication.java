package ru.moku.simulators.issuer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The token issuer, port 8093: a small OAuth2 authorisation server standing in for the organisation's SSO in the
 * local run and the tests. It signs RS256 JWTs (claims {@code iss}, {@code sub}, {@code aud}, {@code iat},
 * {@code exp}, {@code roles}) for configured clients ({@code client_credentials}: the services' own calls to each
 * other) and, on its admin API, for whoever a test or the local run names (operator and viewer tokens); the services
 * check them against its JWKS. A simulator only: it authenticates nobody on {@code /admin/tokens}.
 * A separate application from the other simulators: it scans only this package, so all run side by side in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TokenIssuerApplication {

    /**
     * The application with its defaults from {@code token-issuer.yml}: the local run starts several applications in
     * one JVM, so each reads its own config file name.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TokenIssuerApplication.class)
                .properties("spring.config.name=token-issuer");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
