package ru.moku.gateway.surveyapi;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * The survey token in the path ({@code {token}} of the route's path), checked with the public key only before the
 * request is routed: 401 {@code invalid-survey-token} (garbage, another key, tampered with), 410
 * {@code survey-link-expired}. A refused request never reaches survey-service.
 */
public class SurveyTokenCheck implements GatewayFilter {

    /** The path variable holding the token in the survey routes. */
    public static final String TOKEN_VARIABLE = "token";

    private final SurveyTokens.Verifier tokens;

    public SurveyTokenCheck(SurveyTokens.Verifier tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        String token = ServerWebExchangeUtils.getUriTemplateVariables(exchange).get(TOKEN_VARIABLE);
        try {
            tokens.verify(token);
        } catch (SurveyTokens.ExpiredToken expired) {
            return Mono.error(SurveyApiProblems.expired(expired.claims().expiresAt(), path));
        } catch (SurveyTokens.InvalidToken invalid) {
            return Mono.error(SurveyApiProblems.invalidToken(path));
        }
        return chain.filter(exchange);
    }
}
