package ru.moku.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON calls to a simulator's admin API or a service's operator API from a driver's thread (blocking): the body of a
 * 2xx, else an exception. With a bearer token every request carries {@code Authorization: Bearer …} (the services'
 * operator APIs need one; the simulators' admin APIs do not).
 */
final class AdminHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String bearerToken;

    AdminHttp(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param bearerToken sent with every request; {@code null} = none */
    AdminHttp(String baseUrl, String bearerToken) {
        this.baseUrl = baseUrl;
        this.bearerToken = bearerToken;
    }

    String send(String method, String path, String json) {
        HttpResponse<String> response = exchange(method, path, json);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** The response whatever its status. */
    HttpResponse<String> exchange(String method, String path, String json) {
        return exchange(method, path, json, Map.of());
    }

    /** The response whatever its status, with further request headers. */
    HttpResponse<String> exchange(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
