package ru.moku.runtime.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service is an OAuth2 resource server: a request carries an RS256 JWT of the organisation's SSO
 * ({@code moku.security.jwt.*}, {@link JwtProperties}) whose roles ({@link Roles}) decide what it may call. Two filter
 * chains:
 * <ol>
 *   <li>the open one: the endpoints the service declares open ({@link AccessRules#open()}: the survey API and the
 *   SMEV push authenticate their callers themselves) and the actuator, whose port is the management port
 *   ({@code management.server.port}, {@link ManagementPortDefault}) exposing health, info and prometheus only; a
 *   bearer token there is not even looked at;</li>
 *   <li>everything else: the service-to-service writes ({@link AccessRules#serviceOnly()}) need {@link Roles#SERVICE},
 *   reads ({@code GET}, {@code HEAD}) {@link Roles#VIEWER} or {@link Roles#OPERATOR}, any other method
 *   {@link Roles#OPERATOR}; no token or an invalid one is a 401, too few roles a 403 ({@link ProblemResponses}).</li>
 * </ol>
 * Active in the platform's services (those naming themselves with {@code moku.messaging.service-name}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty("moku.messaging.service-name")
@EnableConfigurationProperties(JwtProperties.class)
@EnableWebFluxSecurity
public class ResourceServerAutoConfiguration {

    private static final String ROLE_PREFIX = "ROLE_";

    @Bean
    @ConditionalOnMissingBean
    public ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder = properties.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                        .jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusReactiveJwtDecoder.withPublicKey(rsaPublicKey(properties.publicKey()))
                        .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    /** The open endpoints and the actuator: no bearer token check (the management port serves only the actuator). */
    @Bean
    @Order(0)
    public SecurityWebFilterChain openEndpoints(ServerHttpSecurity http, ObjectProvider<AccessRules> rules,
                                                ManagementPortCheck managementPort) {
        List<ServerWebExchangeMatcher> open = new ArrayList<>();
        open.add(ServerWebExchangeMatchers.pathMatchers(managementPort.actuatorBasePath() + "/**"));
        rules.orderedStream().flatMap(rule -> rule.open().stream()).map(ResourceServerAutoConfiguration::matcher)
                .forEach(open::add);
        return stateless(http)
                .securityMatcher(new OrServerWebExchangeMatcher(open))
                // What these endpoints answered before the security filter existed, headers included.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }

    /** Everything else: operator APIs (viewer reads, operator reads and writes) and service-to-service writes. */
    @Bean
    @Order(1)
    public SecurityWebFilterChain operatorAndServiceEndpoints(ServerHttpSecurity http, ObjectProvider<AccessRules> rules,
                                                              ReactiveJwtDecoder jwtDecoder, JwtProperties properties,
                                                              JsonMapper jsonMapper) {
        ProblemResponses problems = new ProblemResponses(jsonMapper);
        List<ServerWebExchangeMatcher> serviceOnly = rules.orderedStream()
                .flatMap(rule -> rule.serviceOnly().stream()).map(ResourceServerAutoConfiguration::matcher).toList();
        List<ServerWebExchangeMatcher> serviceReads = rules.orderedStream()
                .flatMap(rule -> rule.serviceReads().stream()).map(ResourceServerAutoConfiguration::matcher).toList();
        return stateless(http)
                .authorizeExchange(exchanges -> {
                    if (!serviceOnly.isEmpty()) {
                        exchanges.matchers(new OrServerWebExchangeMatcher(serviceOnly)).hasRole(Roles.SERVICE);
                    }
                    if (!serviceReads.isEmpty()) {
                        exchanges.matchers(new OrServerWebExchangeMatcher(serviceReads))
                                .hasAnyRole(Roles.VIEWER, Roles.OPERATOR, Roles.SERVICE);
                    }
                    exchanges.pathMatchers(HttpMethod.GET, "/**").hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                            .pathMatchers(HttpMethod.HEAD, "/**").hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                            .anyExchange().hasRole(Roles.OPERATOR);
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(authentication(properties))))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    @Bean
    public ManagementPortCheck managementPortCheck(Environment environment) {
        return new ManagementPortCheck(environment);
    }

    /** Bearer tokens only: no session, no saved request, no CSRF token (nothing is kept in a cookie), no login form. */
    private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    }

    private static ServerWebExchangeMatcher matcher(AccessRules.Endpoint endpoint) {
        return endpoint.method() == null
                ? ServerWebExchangeMatchers.pathMatchers(endpoint.path())
                : ServerWebExchangeMatchers.pathMatchers(endpoint.method(), endpoint.path());
    }

    /** The token's roles claim as {@code ROLE_<role>} authorities; its subject as the principal's name. */
    private static JwtAuthenticationConverter authentication(JwtProperties properties) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(properties.rolesClaim());
        roles.setAuthorityPrefix(ROLE_PREFIX);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        converter.setPrincipalClaimName(JwtClaimNames.SUB);
        return converter;
    }

    /** Issuer, expiry (required, with the configured skew), and the audience when one is configured. */
    static OAuth2TokenValidator<Jwt> validator(JwtProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull),
                timestamps,
                new JwtIssuerValidator(properties.issuer())));
        if (properties.audience() != null && !properties.audience().isBlank()) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience())
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                            "The token is not for this audience", null)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** An RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static RSAPublicKey rsaPublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(
                    "moku.security.jwt.public-key is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----)", e);
        }
    }
}
