package ru.moku.gateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway talks to SMEV beyond the endpoints ({@code moku.gateway.smev.*}): the threads its signatures run on
 * and the shape of its requests on the wire.
 *
 * @param cryptoWorkers threads that sign and verify XML signatures; 0 = one per core
 * @param cryptoQueue   signing/verifying jobs that may wait for a thread before new ones are refused
 * @param sendAsMtom    send our SOAP requests as MTOM ({@code multipart/related}, root part {@code application/xop+xml}), as SMEV's adapters do, instead of plain {@code text/xml}
 */
@Validated
@ConfigurationProperties("moku.gateway.smev")
public record SmevOutboundProperties(
        @DefaultValue("0") @Min(0) @Max(256) int cryptoWorkers,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int cryptoQueue,
        @DefaultValue("false") boolean sendAsMtom) {

    /** The number of crypto threads: as configured, or one per core. */
    public int cryptoThreads() {
        return cryptoWorkers > 0 ? cryptoWorkers : Runtime.getRuntime().availableProcessors();
    }
}
