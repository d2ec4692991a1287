package ru.moku.cardprocessor.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import ru.moku.runtime.partner.PartnerCalls;

/**
 * Settings of card-processor ({@code moku.card-processor.*}); the shared messaging settings are the runtime's
 * {@code moku.messaging.*}.
 *
 * @param handoff how an enriched card's organisation goes to ПОС.ОС (seed 000 steps 8–10)
 * @param survey    the survey link made for a card in ЛКО (seed 000 steps 12–15)
 * @param directory ЛКО's ОКТМО directory, asked when an operator sets an ОКТМО by hand (issue 13)
 */
@Validated
@ConfigurationProperties("moku.card-processor")
public record CardProcessorProperties(@Valid @NotNull @DefaultValue Handoff handoff,
                                      @Valid @NotNull @DefaultValue Survey survey,
                                      @Valid @NotNull @DefaultValue Directory directory) {

    /**
     * ЛКО's ОКТМО directory lookup ({@code moku.card-processor.directory.*}; survey-service's
     * {@code GET /api/v1/directory/oktmo/{code}}), called with card-processor's client-credentials token.
     *
     * @param baseUrl        survey-service's base URL
     * @param timeout        longest wait for the directory's answer; then the operator gets a 503
     * @param connectTimeout TCP connect timeout
     */
    public record Directory(@NotNull @DefaultValue("http://127.0.0.1:8084") URI baseUrl,
                            @NotNull @DefaultValue("5s") Duration timeout,
                            @NotNull @DefaultValue("2s") Duration connectTimeout) {
    }

    /**
     * The hand-off to ПОС.ОС ({@code moku.card-processor.handoff.*}). The variant is switched here, without a code
     * change.
     *
     * @param variant     {@code RABBITMQ}: publish the organisation for org-registry to consume (variant 1);
     *                    {@code REST}: {@code PUT} it on org-registry (variant 2)
     * @param orgRegistry where and how org-registry is called in the REST variant
     */
    public record Handoff(@NotNull @DefaultValue("RABBITMQ") Variant variant,
                          @Valid @NotNull @DefaultValue OrgRegistry orgRegistry) {
    }

    /** The two ways to ПОС.ОС. */
    public enum Variant {
        RABBITMQ, REST
    }

    /**
     * org-registry's REST API ({@code moku.card-processor.handoff.org-registry.*}).
     *
     * @param baseUrl              org-registry's base URL
     * @param timeout              one attempt's timeout (a slower answer counts as unavailable)
     * @param connectTimeout       TCP connect timeout
     * @param maxConnections       connections in the keep-alive pool
     * @param attempts             attempts in all while org-registry is unavailable (5xx, timeout, refused, open circuit)
     * @param firstBackoff         delay before the second attempt after a failure; doubles each time
     * @param maxBackoff           longest delay between attempts after failures
     * @param jitter               random share (0..1) added to or taken from each failure delay
     * @param rejectionAttempts    attempts in all while org-registry answers 422 (the seed: "retry up to 3 times")
     * @param rejectionBackoff     delay between attempts after a 422
     * @param failureRateThreshold failure rate (%) of calls that opens the circuit
     * @param minimumCalls         calls in the window before the failure rate counts
     * @param openFor              how long an open circuit refuses calls
     */
    public record OrgRegistry(@NotNull @DefaultValue("http://127.0.0.1:8083") URI baseUrl,
                              @NotNull @DefaultValue("5s") Duration timeout,
                              @NotNull @DefaultValue("2s") Duration connectTimeout,
                              @Min(1) @DefaultValue("16") int maxConnections,
                              @Min(1) @DefaultValue("4") int attempts,
                              @NotNull @DefaultValue("500ms") Duration firstBackoff,
                              @NotNull @DefaultValue("10s") Duration maxBackoff,
                              @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.5") double jitter,
                              @Min(1) @DefaultValue("3") int rejectionAttempts,
                              @NotNull @DefaultValue("1s") Duration rejectionBackoff,
                              @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
                              @Min(1) @DefaultValue("10") int minimumCalls,
                              @NotNull @DefaultValue("30s") Duration openFor) implements PartnerCalls.Settings {
    }

    /**
     * The survey link ({@code moku.card-processor.survey.*}).
     *
     * @param tokenPrivateKey the EC P-256 private key (PKCS#8 PEM) that signs the links' tokens; from a secret
     *                        ({@code MOKU_CARDPROCESSOR_SURVEY_TOKENPRIVATEKEY}), never from the repository
     * @param linkBaseUrl     the ЛКП front-end's address; the token is appended to it
     * @param tokenTtl        how long a link works
     * @param surveyId        the questionnaire the applicant is asked (survey-service's)
     * @param signingThreads  threads that sign the links' tokens (ECDSA, CPU only); 0 = one per core
     */
    public record Survey(@NotBlank(message = "moku.card-processor.survey.token-private-key must be set (environment: "
                                 + "MOKU_CARDPROCESSOR_SURVEY_TOKENPRIVATEKEY): the EC P-256 private key, PKCS#8 PEM, that "
                                 + "signs the survey links") String tokenPrivateKey,
                         @NotNull @DefaultValue("http://127.0.0.1:3000/survey/") URI linkBaseUrl,
                         @NotNull @DefaultValue("30d") Duration tokenTtl,
                         @NotBlank @DefaultValue("default") String surveyId,
                         @Min(0) @DefaultValue("0") int signingThreads) {

        /** {@link #signingThreads()} with 0 resolved to the number of cores. */
        public int signingThreadsOrCores() {
            return signingThreads > 0 ? signingThreads : Runtime.getRuntime().availableProcessors();
        }
    }
}
