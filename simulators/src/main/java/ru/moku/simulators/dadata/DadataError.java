package ru.moku.simulators.dadata;

/**
 * An error body the way Dadata writes it: {@code {"family": "CLIENT_ERROR", "reason": "Unauthorized",
 * "message": "..."}}. Errors that come from Dadata's proxy rather than the API (502, 503, 504) are HTML
 * pages instead, as from a real nginx.
 *
 * @param family  {@code CLIENT_ERROR} for 4xx, {@code SERVER_ERROR} for 5xx
 * @param reason  the HTTP reason phrase
 * @param message what went wrong, for a human
 */
public record DadataError(String family, String reason, String message) {
}
