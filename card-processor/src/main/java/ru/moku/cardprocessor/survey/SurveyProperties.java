package ru.moku.cardprocessor.survey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The survey link card-processor makes for a card in ЛКО ({@code moku.card-processor.survey.*}; seed 000 steps 12–15).
 *
 * @param tokenPrivateKey the EC P-256 private key (PKCS#8 PEM) that signs the links' tokens; from a secret
 *                        ({@code MOKU_CARDPROCESSOR_SURVEY_TOKENPRIVATEKEY}), never from the repository
 * @param linkBaseUrl     the ЛКП front-end's address; the token is appended to it
 * @param tokenTtl        how long a link works
 * @param surveyId        the questionnaire the applicant is asked (survey-service's)
 */
@Validated
@ConfigurationProperties("moku.card-processor.survey")
public record SurveyProperties(@NotBlank String tokenPrivateKey,
                               @NotNull @DefaultValue("http://127.0.0.1:3000/survey/") URI linkBaseUrl,
                               @NotNull @DefaultValue("30d") Duration tokenTtl,
                               @NotBlank @DefaultValue("default") String surveyId) {
}
