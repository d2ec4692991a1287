package ru.moku.simulators.issuer;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The successful token response of RFC 6749 §5.1 (also the admin API's answer).
 *
 * @param accessToken the signed JWT
 * @param tokenType   always {@code Bearer} (RFC 6750)
 * @param expiresIn   seconds until the token expires
 */
record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    static TokenResponse of(TokenMinter.IssuedToken token) {
        return new TokenResponse(token.value(), "Bearer", token.lifetime().toSeconds());
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + "]";
    }
}
