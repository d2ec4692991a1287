package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.mtom.MtomReader;
import ru.moku.gateway.pull.SmevClient;
import ru.moku.gateway.pull.SmevPullLoops;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.SoapWire;
import ru.moku.gateway.pull.WebClientSmevClient;
import ru.moku.gateway.xml.XmlWorkers;

/** Pull intake, active with {@code moku.gateway.pull.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "moku.gateway.pull", name = "enabled", havingValue = "true")
public class PullConfiguration {

    @Bean
    public SmevRequests smevRequests(GatewayProperties properties) {
        GatewayProperties.Pull pull = properties.pull();
        return new SmevRequests(pull.namespaceUri(), pull.rootElementLocalName(), pull.nodeId(), Clock.systemUTC());
    }

    @Bean
    public SmevClient smevClient(GatewayProperties properties, SmevRequests requests, ObjectProvider<SmevSigner> signer,
                                 XmlWorkers xmlWorkers, MtomReader mtomReader, SmevOutboundProperties smev) {
        return new WebClientSmevClient(properties.pull(), requests, signer.getIfAvailable(() -> SmevSigner.UNSIGNED),
                xmlWorkers.scheduler(), mtomReader, SoapWire.of(smev.sendAsMtom()));
    }

    @Bean
    public SmevPullLoops smevPullLoops(GatewayProperties properties, SmevClient smevClient, IntakeService intake,
                                       MeterRegistry meterRegistry) {
        return SmevPullLoops.of(properties.pull(), smevClient, intake, meterRegistry);
    }
}
