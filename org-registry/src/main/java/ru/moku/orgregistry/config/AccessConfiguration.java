package ru.moku.orgregistry.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import ru.moku.runtime.security.AccessRules;

/**
 * Creating or updating an organisation in ПОС.ОС ({@code PUT /api/v1/organisations/{id}}) is card-processor's
 * hand-off: only a token with the {@code service} role (client credentials) may call it, not an operator. Reading
 * one ({@code GET}) is an operator API (viewer or operator), like the incidents; root README, "Security: who may call
 * what".
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    public AccessRules orgRegistryAccessRules() {
        return AccessRules.builder()
                .serviceOnly(HttpMethod.PUT, "/api/v1/organisations/**")
                .build();
    }
}
