package ru.moku.simulators.issuer;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code POST /admin/tokens}: a token for whoever the caller names, with the roles it names — how the local run and
 * the tests get operator and viewer tokens without an SSO login. A simulator's convenience: anyone who reaches the
 * port gets any token, so the issuer is for local runs and tests only.
 */
@RestController
class AdminTokensController {

    private final TokenMinter minter;
    private final TokenIssuerProperties properties;

    AdminTokensController(TokenMinter minter, TokenIssuerProperties properties) {
        this.minter = minter;
        this.properties = properties;
    }

    /**
     * What token to sign.
     *
     * @param subject the {@code sub}, e.g. {@code alice}
     * @param roles   the {@code roles}, e.g. {@code ["operator"]}; absent = none
     * @param ttl     its lifetime, e.g. {@code PT1H}; absent = {@code simulators.issuer.default-ttl}
     */
    record TokenRequest(String subject, List<String> roles, Duration ttl) {
    }

    @PostMapping("/admin/tokens")
    Mono<TokenResponse> issue(@RequestBody TokenRequest request) {
        if (request.subject() == null || request.subject().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "subject is required");
        }
        Duration ttl = request.ttl() == null ? properties.defaultTtl() : request.ttl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(properties.maxTtl()) > 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "ttl must be positive and at most " + properties.maxTtl());
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        if (roles.stream().anyMatch(role -> role == null || role.isBlank())) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "roles must not be blank");
        }
        return minter.issue(request.subject(), roles, ttl).map(TokenResponse::of);
    }
}
