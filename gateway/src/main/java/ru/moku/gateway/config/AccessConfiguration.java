package ru.moku.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import ru.moku.runtime.security.AccessRules;

/**
 * Who may call the gateway without an operator's bearer token (root README, "Security: who may call what"):
 * the public survey API it proxies to survey-service (a survey link token in the path, checked by
 * {@code SurveyTokenCheck}; CORS preflights included), SMEV's push (its own mTLS or HMAC authentication,
 * {@code InboundAuthFilter}) and the API description. Everything else — the raw-message, attachment and incident
 * APIs — needs a viewer's (reads) or an operator's token (service-runtime's {@code ResourceServerAutoConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    public AccessRules gatewayAccessRules() {
        return AccessRules.builder()
                .open("/api/v1/surveys/**")
                .open(HttpMethod.POST, "/smev/inbound")
                .open(HttpMethod.GET, "/api/v1/openapi.yaml")
                .build();
    }
}
