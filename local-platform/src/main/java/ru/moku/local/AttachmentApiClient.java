package ru.moku.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's operator API for attachments, as an operator (or the demo, or a test) reads it: {@code GET
 * /api/v1/raw-messages/{id}/attachments} and {@code …/{attachmentId}/content} (blocking; main threads), with an
 * operator's bearer token (a {@code viewer} token suffices: it only reads).
 */
public final class AttachmentApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AdminHttp gateway;
    private final String gatewayUrl;
    private final String bearerToken;

    /** @param bearerToken an operator or viewer token of the platform's issuer ({@link Platform#viewerToken()}) */
    public AttachmentApiClient(String gatewayUrl, String bearerToken) {
        this.gatewayUrl = gatewayUrl;
        this.bearerToken = bearerToken;
        this.gateway = new AdminHttp(gatewayUrl, bearerToken);
    }

    /**
     * One attachment as the list shows it.
     *
     * @param id        its id (for the content)
     * @param contentId {@code contentId} (MTOM, INLINE) or the file's uuid (FS)
     * @param kind      MTOM, INLINE or FS
     * @param mimeType  as declared
     * @param size      bytes stored, or {@code -1} while none are
     * @param digest    base64 of the GOST R 34.11-2012 256-bit digest of what is stored
     * @param signer    the subject of the PKCS#7 signer that verified, or {@code null}
     * @param status    STORED, PENDING, FETCHED or UNAVAILABLE
     */
    public record Attachment(UUID id, String contentId, String kind, String mimeType, long size, String digest,
                             String signer, String status) {
    }

    /** The attachments of raw message {@code rawMessageId}. */
    public List<Attachment> list(UUID rawMessageId) {
        JsonNode items = JSON.readTree(gateway.send("GET", "/api/v1/raw-messages/" + rawMessageId + "/attachments",
                null));
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode item : items) {
            attachments.add(new Attachment(UUID.fromString(item.path("id").asText()), text(item, "contentId"),
                    text(item, "kind"), text(item, "mimeType"), item.path("size").isNumber()
                            ? item.path("size").asLong() : -1, text(item, "digest"), text(item, "signer"),
                    text(item, "status")));
        }
        return attachments;
    }

    /**
     * The content as the API streams it.
     *
     * @param status      HTTP status
     * @param contentType its {@code Content-Type}
     * @param bytes       the body
     */
    public record Content(int status, String contentType, byte[] bytes) {
    }

    /** {@code GET …/attachments/{attachmentId}/content}. */
    public Content content(UUID rawMessageId, UUID attachmentId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/raw-messages/" + rawMessageId
                        + "/attachments/" + attachmentId + "/content"))
                .header("Authorization", "Bearer " + bearerToken)
                .timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Content(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET content of attachment " + attachmentId + " failed: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode value = item.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
