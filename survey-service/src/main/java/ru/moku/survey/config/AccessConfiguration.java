package ru.moku.survey.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import ru.moku.runtime.security.AccessRules;

/**
 * The survey API ({@code /api/v1/surveys/**}) is public: a respondent proves who they are with the survey link token
 * in the path. Registering an organisation in ЛКО ({@code POST /api/v1/organisations}) and updating it ({@code PUT
 * /api/v1/organisations/{mokuOrganisationId}}, issue 13) are org-registry's hand-off:
 * only a token with the {@code service} role may call it. The incident API needs a viewer's or an operator's token;
 * root README, "Security: who may call what".
 */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    public AccessRules surveyServiceAccessRules() {
        return AccessRules.builder()
                .open("/api/v1/surveys/**")
                .serviceOnly(HttpMethod.POST, "/api/v1/organisations")
                // ОКТМО directory lookup (issue 13, contract 1): other services validate codes with a service token.
                .serviceReads("/api/v1/directory/oktmo/*")
                .serviceOnly(HttpMethod.PUT, "/api/v1/organisations/*")
                .build();
    }
}
