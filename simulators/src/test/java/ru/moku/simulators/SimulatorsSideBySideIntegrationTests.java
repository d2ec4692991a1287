package ru.moku.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.simulators.dadata.DadataSimulatorApplication;
import ru.moku.simulators.dadata.DadataSimulatorProperties;
import ru.moku.simulators.lko.LkoProxyApplication;
import ru.moku.simulators.lko.LkoProxyProperties;
import ru.moku.simulators.smev.SmevSimulatorProperties;

/**
 * The SMEV and the Dadata simulator and the ЛКО fault proxy started in one JVM, as the local run does: each on its
 * own port with its own config file, none with another's beans or endpoints.
 */
class SimulatorsSideBySideIntegrationTests {

    private static ConfigurableApplicationContext smev;
    private static ConfigurableApplicationContext dadata;
    private static ConfigurableApplicationContext lkoProxy;

    @BeforeAll
    static void startAll() {
        smev = run(SimulatorsApplication.builder());
        dadata = run(DadataSimulatorApplication.builder());
        lkoProxy = run(LkoProxyApplication.builder());
    }

    @AfterAll
    static void stopAll() {
        if (lkoProxy != null) {
            lkoProxy.close();
        }
        if (dadata != null) {
            dadata.close();
        }
        if (smev != null) {
            smev.close();
        }
    }

    @Test
    void eachApplicationReadsItsOwnConfigFileAndHasOnlyItsOwnBeans() {
        assertThat(smev.getEnvironment().getProperty("spring.application.name")).isEqualTo("simulators");
        assertThat(dadata.getEnvironment().getProperty("spring.application.name")).isEqualTo("dadata-simulator");
        assertThat(smev.getBeanNamesForType(SmevSimulatorProperties.class)).hasSize(1);
        assertThat(smev.getBeanNamesForType(DadataSimulatorProperties.class)).isEmpty();
        assertThat(dadata.getBeanNamesForType(DadataSimulatorProperties.class)).hasSize(1);
        assertThat(dadata.getBeanNamesForType(SmevSimulatorProperties.class)).isEmpty();
        assertThat(lkoProxy.getEnvironment().getProperty("spring.application.name")).isEqualTo("lko-proxy");
        assertThat(lkoProxy.getBeanNamesForType(LkoProxyProperties.class)).hasSize(1);
        assertThat(lkoProxy.getBeanNamesForType(SmevSimulatorProperties.class)).isEmpty();
        assertThat(lkoProxy.getBeanNamesForType(DadataSimulatorProperties.class)).isEmpty();
        assertThat(smev.getBeanNamesForType(LkoProxyProperties.class)).isEmpty();
        assertThat(dadata.getBeanNamesForType(LkoProxyProperties.class)).isEmpty();
        assertThat(port(smev)).isNotEqualTo(port(dadata)).isNotEqualTo(port(lkoProxy));
    }

    @Test
    void eachPortServesItsOwnSimulatorOnly() {
        WebTestClient smevClient = client(smev);
        WebTestClient dadataClient = client(dadata);

        smevClient.get().uri("/admin/smev/stats").exchange().expectStatus().isOk();
        smevClient.get().uri("/admin/dadata/stats").exchange().expectStatus().isNotFound();
        dadataClient.get().uri("/admin/dadata/stats").exchange().expectStatus().isOk();
        dadataClient.get().uri("/admin/smev/stats").exchange().expectStatus().isNotFound();
        dadataClient.get().uri("/admin/lko/stats").exchange().expectStatus().isNotFound();
        client(lkoProxy).get().uri("/admin/lko/stats").exchange().expectStatus().isOk();
        dadataClient.post().uri("/suggestions/api/4_1/rs/findById/party")
                .header(HttpHeaders.AUTHORIZATION, "Token " + DadataSimulatorProperties.DEFAULT_API_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\": \"7707083893\", \"branch_type\": \"MAIN\", \"count\": 1}")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.suggestions").isArray();
    }

    /**
     * Any free port instead of 8090/8091, and Reactor Netty resources of its own: by default every context
     * uses the JVM-wide ones and disposes them on close, which would take the other simulator's server (and
     * other test classes' servers) down with it.
     */
    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder) {
        return builder.initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory resources = new ReactorResourceFactory();
                            resources.setUseGlobalResources(false);
                            return resources;
                        }))
                .run("--server.port=0");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port(context)).build();
    }
}
