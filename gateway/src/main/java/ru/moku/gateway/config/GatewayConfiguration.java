package ru.moku.gateway.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.gateway.xml.XmlWorkers;

/** Beans shared by the gateway's features. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

    @Bean
    public XmlWorkers xmlWorkers(GatewayProperties properties) {
        GatewayProperties.Intake intake = properties.intake();
        return new XmlWorkers(intake.parserThreadCount(), intake.parserQueue(), intake.parserIdleTtl());
    }
}
