package ru.moku.runtime.partner;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A WebClient for one partner on a keep-alive connection pool of its own (bounded connections, no bound on waiting
 * requests: the callers' bulkheads and rate limits bound those), with a connect timeout. Close it to release the pool.
 */
public final class PartnerWebClient implements AutoCloseable {

    private final ConnectionProvider connections;
    private final WebClient webClient;

    /**
     * @param name      the pool's name (metrics, logs)
     * @param customise further settings of the client (default headers, codecs)
     */
    public PartnerWebClient(String name, URI baseUrl, int maxConnections, Duration connectTimeout,
                            Consumer<WebClient.Builder> customise) {
        this.connections = ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient httpClient = HttpClient.create(connections)
                .keepAlive(true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        WebClient.Builder builder = WebClient.builder()
                .baseUrl(baseUrl.toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient));
        customise.accept(builder);
        this.webClient = builder.build();
    }

    public WebClient webClient() {
        return webClient;
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
