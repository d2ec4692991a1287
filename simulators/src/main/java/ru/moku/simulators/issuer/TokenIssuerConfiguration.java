package ru.moku.simulators.issuer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Wiring of the token issuer. */
@Configuration(proxyBeanMethods = false)
class TokenIssuerConfiguration {

    @Bean
    IssuerIdentity issuerIdentity(TokenIssuerProperties properties) {
        return new IssuerIdentity(properties.issuer());
    }

    /** From the key file when one is configured (created on first start), else a new key for this run only. */
    @Bean
    SigningKey issuerSigningKey(TokenIssuerProperties properties) {
        return properties.keyFile() == null ? SigningKey.generate() : SigningKey.fromFile(properties.keyFile());
    }

    /**
     * The issuer's own signing threads: in a local run every service shares the JVM's bounded-elastic pool, and a
     * token waiting there behind other work makes the services' calls time out.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler tokenSigning() {
        return Schedulers.newBoundedElastic(2, 10_000, "token-issuer-signing");
    }

    @Bean
    TokenMinter tokenMinter(SigningKey issuerSigningKey, IssuerIdentity issuerIdentity,
                            TokenIssuerProperties properties, Scheduler tokenSigning) {
        return new TokenMinter(issuerSigningKey, issuerIdentity, properties.audience(), Clock.systemUTC(),
                tokenSigning);
    }

    @Bean
    ClientAuthentication clientAuthentication(TokenIssuerProperties properties) {
        return new ClientAuthentication(properties.clients());
    }
}
