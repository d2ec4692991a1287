package ru.moku.survey;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of survey-service ({@code moku.survey.*}).
 *
 * @param faultInjection the test/ops fault injector of the organisation API
 */
@Validated
@ConfigurationProperties("moku.survey")
public record SurveyProperties(@Valid @NotNull @DefaultValue FaultInjection faultInjection) {

    /**
     * Lets tests and operators make ЛКО answer 422 for chosen organisations ({@code /admin/lko/rejections}), to
     * rehearse the caller's rejection path. Never switch it on in production.
     *
     * @param enabled whether the admin endpoint exists and its rules are applied
     */
    public record FaultInjection(@DefaultValue("false") boolean enabled) {
    }
}
