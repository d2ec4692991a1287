package ru.moku.gateway.openapi;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/openapi.yaml}: the hand-written OpenAPI 3.1 description of the gateway's public API (the survey
 * endpoints for ЛКП and the SMEV push intake), {@code openapi/openapi.yaml} on the class path. Written by hand
 * because the API is routed, not implemented by controllers a generator could read.
 */
@RestController
public class OpenApiController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final Resource DOCUMENT = new ClassPathResource("openapi/openapi.yaml");

    @GetMapping(path = "/api/v1/openapi.yaml")
    public ResponseEntity<Resource> openApi() {
        // The Resource is written by Spring's resource encoder, which reads it off the event loop.
        return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(DOCUMENT);
    }
}
