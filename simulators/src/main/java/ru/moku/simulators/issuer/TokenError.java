package ru.moku.simulators.issuer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The error response of RFC 6749 §5.2.
 *
 * @param error            {@code invalid_request}, {@code invalid_client}, {@code unsupported_grant_type}, …
 * @param errorDescription a sentence for the developer (never a secret)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenError(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CLIENT = "invalid_client";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
}
