package ru.moku.simulators.issuer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    TokenMinter tokenMinter(SigningKey issuerSigningKey, IssuerIdentity issuerIdentity,
                            TokenIssuerProperties properties) {
        return new TokenMinter(issuerSigningKey, issuerIdentity, properties.audience(), Clock.systemUTC());
    }

    @Bean
    ClientAuthentication clientAuthentication(TokenIssuerProperties properties) {
        return new ClientAuthentication(properties.clients());
    }
}
