package ru.moku.simulators.lko;

import io.netty.channel.ChannelOption;
import java.util.Random;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/** Wiring of the ЛКО fault proxy. */
@Configuration(proxyBeanMethods = false)
class LkoProxyConfiguration {

    /** {@link Random} because it is thread-safe; seeded by {@code simulators.lko.seed} for reproducible runs. */
    @Bean
    Random lkoRandom(LkoProxyProperties properties) {
        return properties.seed() == null ? new Random() : new Random(properties.seed());
    }

    @Bean
    LkoFaultInjector lkoFaultInjector(LkoProxyProperties properties, Random lkoRandom) {
        return new LkoFaultInjector(properties.faults(), lkoRandom);
    }

    @Bean
    LkoProxyCounters lkoProxyCounters() {
        return new LkoProxyCounters();
    }

    /** A pool of its own, released with the context (the JVM-wide one may serve other applications of the run). */
    @Bean(destroyMethod = "dispose")
    ConnectionProvider lkoConnections() {
        return ConnectionProvider.builder("lko-proxy").build();
    }

    @Bean
    WebClient lkoWebClient(LkoProxyProperties properties, ConnectionProvider lkoConnections) {
        HttpClient http = HttpClient.create(lkoConnections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .responseTimeout(properties.responseTimeout());
        int maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes());
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxBodyBytes))
                .build();
    }

    @Bean
    LkoProxy lkoProxy(WebClient lkoWebClient, LkoProxyProperties properties, LkoFaultInjector lkoFaultInjector,
                      LkoProxyCounters lkoProxyCounters, JsonMapper jsonMapper) {
        return new LkoProxy(lkoWebClient, properties, lkoFaultInjector, lkoProxyCounters, jsonMapper);
    }

    /** Everything but the proxy's own endpoints goes to ЛКО. */
    @Bean
    RouterFunction<ServerResponse> lkoProxyRoute(LkoProxy lkoProxy) {
        RequestPredicate own = RequestPredicates.path("/admin/**").or(RequestPredicates.path("/actuator/**"));
        return RouterFunctions.route(own.negate(), lkoProxy::handle);
    }
}
