package ru.moku.survey.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of survey-service ({@code moku.survey.*}).
 *
 * @param token   how survey links' tokens are checked
 * @param answers limits on submitted answers
 * @param export  how the analytics exports ({@code /api/v1/export/…}) read the views
 */
@Validated
@ConfigurationProperties("moku.survey")
public record SurveyServiceProperties(@Valid @NotNull @DefaultValue Token token,
                                      @Valid @NotNull @DefaultValue Answers answers,
                                      @Valid @NotNull @DefaultValue Export export) {

    /**
     * Survey links carry an ES256 token signed by card-processor; survey-service holds only the public key.
     *
     * @param publicKey the EC P-256 public key as X.509 PEM (env {@code MOKU_SURVEY_TOKEN_PUBLICKEY}); required
     */
    public record Token(
            @NotBlank(message = "moku.survey.token.public-key is required: the PEM public key that checks survey "
                    + "links (env MOKU_SURVEY_TOKEN_PUBLICKEY)")
            String publicKey) {
    }

    /**
     * What a submitted answer may be.
     *
     * @param maxTextLength the longest free-text answer, in characters
     */
    public record Answers(@DefaultValue("2000") @Min(1) int maxTextLength) {
    }

    /**
     * The analytics exports stream a view page by page (keyset), each page one query and one chunk of the response.
     *
     * @param pageSize rows per page: what the service holds of an export at a time
     */
    public record Export(@DefaultValue("1000") @Min(1) @Max(10000) int pageSize) {
    }
}
