package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import ru.moku.gateway.inboundauth.HmacAuthenticator;
import ru.moku.gateway.inboundauth.HmacRequestSignature;
import ru.moku.gateway.inboundauth.InboundAuthFilter;
import ru.moku.gateway.inboundauth.MtlsAuthenticator;
import ru.moku.gateway.inboundauth.PeerAddressAuthenticator;
import ru.moku.gateway.inboundauth.PushAuthenticator;
import ru.moku.gateway.inboundauth.PushRateLimit;
import ru.moku.gateway.surveyapi.FailOpenRedisRateLimiter;
import ru.moku.gateway.surveyapi.TokenBucket;
import ru.moku.runtime.json.EnvelopeCodec;

/**
 * Authentication and the per-client rate limit of the push endpoint ({@code moku.gateway.push.auth.*}): one
 * {@link InboundAuthFilter} in front of {@code POST /smev/inbound}. A misconfigured mode refuses to start, naming the
 * property.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InboundAuthProperties.class)
public class InboundAuthConfiguration {

    /** The push endpoint (the push controller's mapping). */
    static final String PUSH_PATH = "/smev/inbound";
    /** The rate limiter's route id: one bucket per client for the push endpoint. */
    static final String RATE_LIMIT_ID = "smev-push";
    /** Pushes let through uncounted because Redis could not be asked. */
    static final String REDIS_FAILURES = "moku.gateway.push.rate-limit.redis-failures";

    private static final Logger log = LoggerFactory.getLogger(InboundAuthConfiguration.class);

    @Bean
    public InboundAuthFilter inboundAuthFilter(InboundAuthProperties properties, Environment environment,
                                               ReactiveStringRedisTemplate redis,
                                               ConfigurationService configurationService, EnvelopeCodec codec,
                                               MeterRegistry meters) {
        PushAuthenticator authenticator = authenticator(properties, environment);
        String challenge = switch (properties.mode()) {
            case HMAC -> HmacRequestSignature.SCHEME;
            case MTLS -> MtlsAuthenticator.SCHEME;
            case NONE -> "None";
        };
        return new InboundAuthFilter(PUSH_PATH, authenticator, challenge, rateLimit(properties.rateLimit(), redis,
                configurationService, meters), codec.mapper(), meters);
    }

    static PushAuthenticator authenticator(InboundAuthProperties properties, Environment environment) {
        return switch (properties.mode()) {
            case NONE -> {
                log.warn("moku.gateway.push.auth.mode=NONE: anybody who reaches {} may push SMEV messages;"
                        + " use MTLS or HMAC wherever the gateway is reachable by more than the SMEV adapter", PUSH_PATH);
                yield new PeerAddressAuthenticator();
            }
            case HMAC -> {
                log.info("Pushes to {} must be signed (HMAC key ids {})", PUSH_PATH,
                        properties.hmac().keys().keySet());
                yield new HmacAuthenticator(properties.hmac().keys(), properties.hmac().window(), Clock.systemUTC());
            }
            case MTLS -> {
                String clientAuth = environment.getProperty("server.ssl.client-auth", "none");
                if (!"want".equalsIgnoreCase(clientAuth) && !"need".equalsIgnoreCase(clientAuth)) {
                    throw new IllegalStateException("moku.gateway.push.auth.mode=MTLS needs TLS that asks for a client"
                            + " certificate: server.ssl.client-auth=want or need (is " + clientAuth + ")");
                }
                List<X509Certificate> adapters = certificates(properties.mtls().trustedCertificates());
                log.info("Pushes to {} need one of these client certificates: {}", PUSH_PATH, adapters.stream()
                        .map(certificate -> certificate.getSubjectX500Principal().getName()).toList());
                yield new MtlsAuthenticator(adapters, Clock.systemUTC());
            }
        };
    }

    /** Every certificate of a PEM (or DER) file; start-up fails naming the property when it cannot be read. */
    static List<X509Certificate> certificates(Path file) {
        String property = "moku.gateway.push.auth.mtls.trusted-certificates";
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new IllegalStateException(property + " (" + file + ") holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(property + " (" + file + ") cannot be read as X.509 certificates: "
                    + e.getMessage(), e);
        }
    }

    private static PushRateLimit rateLimit(InboundAuthProperties.RateLimit settings, ReactiveStringRedisTemplate redis,
                                           ConfigurationService configurationService, MeterRegistry meters) {
        if (!settings.enabled()) {
            return PushRateLimit.UNLIMITED;
        }
        // Not a bean: Spring Cloud Gateway wants exactly one RateLimiter bean (the survey API's).
        FailOpenRedisRateLimiter limiter = new FailOpenRedisRateLimiter(redis, FailOpenRedisRateLimiter.script(),
                configurationService, RATE_LIMIT_ID, TokenBucket.of(settings.requests(), settings.window()),
                settings.redisTimeout(), settings.keyPrefix(), meters, REDIS_FAILURES);
        return PushRateLimit.of(limiter, RATE_LIMIT_ID, settings.keyPrefix());
    }
}
