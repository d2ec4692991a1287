package ru.moku.simulators.issuer;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The issuer's name, the {@code iss} of its tokens: {@code simulators.issuer.issuer}, or {@code http://127.0.0.1:<port>}
 * once the server is up (the port may be a random one in tests).
 */
final class IssuerIdentity implements ApplicationListener<WebServerInitializedEvent> {

    private final String configured;
    private final AtomicInteger port = new AtomicInteger();

    IssuerIdentity(String configured) {
        this.configured = configured == null || configured.isBlank() ? null : stripTrailingSlash(configured.strip());
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // The management server (its own port) announces itself too, under its own namespace.
        if (event.getApplicationContext().getServerNamespace() == null) {
            port.set(event.getWebServer().getPort());
        }
    }

    /** The {@code iss}; also the base of the URLs the discovery document names. */
    String issuer() {
        if (configured != null) {
            return configured;
        }
        int bound = port.get();
        if (bound == 0) {
            throw new IllegalStateException("The token issuer's server is not up yet");
        }
        return "http://127.0.0.1:" + bound;
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
