package ru.moku.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Attachments of SMEV messages ({@code moku.gateway.attachments.*}): how they are stored and checked, and how files
 * on SMEV's file storage are fetched.
 *
 * @param verifySignatures   check each attachment's detached PKCS#7 signature against the trust store
 * @param trustStore         PKCS#12 or PEM file of the certificates trusted to sign attachments (required when
 *                           verifying)
 * @param trustStorePassword password of the trust store (PKCS#12)
 * @param maxSize            largest attachment stored; a larger one refuses the whole message
 * @param chunkSize          bytes per stored chunk: the memory one attachment takes while stored or served
 * @param fetch              the background fetch of files on SMEV's file storage
 * @param ftp                SMEV's file storage (FTP)
 */
@Validated
@ConfigurationProperties("moku.gateway.attachments")
public record AttachmentProperties(
        @DefaultValue("false") boolean verifySignatures,
        Path trustStore,
        @DefaultValue("") String trustStorePassword,
        @DefaultValue("50MB") @NotNull DataSize maxSize,
        @DefaultValue("256KB") @NotNull DataSize chunkSize,
        @Valid @NotNull @DefaultValue Fetch fetch,
        @Valid @NotNull @DefaultValue Ftp ftp) {

    @AssertTrue(message = "moku.gateway.attachments.trust-store is required when verify-signatures is true")
    public boolean isTrustStoreGivenWhenVerifying() {
        return !verifySignatures || trustStore != null;
    }

    @AssertTrue(message = "moku.gateway.attachments.chunk-size must be between 4KB and 16MB")
    public boolean isChunkSizeSensible() {
        return chunkSize == null || chunkSize.toBytes() >= 4096 && chunkSize.toBytes() <= DataSize.ofMegabytes(16).toBytes();
    }

    @AssertTrue(message = "moku.gateway.attachments.max-size must be at least 1 byte")
    public boolean isMaxSizePositive() {
        return maxSize == null || maxSize.toBytes() > 0;
    }

    /**
     * The fetcher: every {@code interval} it takes up to {@code batchSize} due files and fetches {@code concurrency}
     * at a time; a failed attempt waits {@code firstBackoff}, doubling up to {@code maxBackoff}; after
     * {@code attempts} the file is UNAVAILABLE with an incident.
     *
     * @param enabled      whether the fetcher runs in this instance
     * @param interval     pause between two looks for due files
     * @param batchSize    due files taken per look
     * @param concurrency  files fetched at the same time
     * @param attempts     attempts per file before it is UNAVAILABLE
     * @param firstBackoff pause after the first failed attempt; doubles with each further one
     * @param maxBackoff   longest pause between two attempts
     * @param lease        how long an attempt in progress keeps other instances off the file (longer than a fetch)
     */
    public record Fetch(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 10) Duration interval,
            @DefaultValue("20") @Min(1) @Max(1000) int batchSize,
            @DefaultValue("2") @Min(1) @Max(64) int concurrency,
            @DefaultValue("5") @Min(1) @Max(100) int attempts,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration firstBackoff,
            @DefaultValue("30m") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration lease) {

        @AssertTrue(message = "moku.gateway.attachments.fetch.max-backoff must not be shorter than first-backoff")
        public boolean isBackoffOrdered() {
            return firstBackoff == null || maxBackoff == null || maxBackoff.compareTo(firstBackoff) >= 0;
        }
    }

    /**
     * SMEV's file storage, reached by FTP in passive mode; a file is at {@code pathTemplate} with {@code {uuid}} and
     * {@code {fileName}} replaced, logged in with the per-file user and password the message carries.
     *
     * @param host           host of the file storage
     * @param port           its FTP control port
     * @param pathTemplate   where a file is: {@code {uuid}} and {@code {fileName}} are replaced
     * @param connectTimeout how long connecting may take
     * @param dataTimeout    how long the transfer may stay silent
     * @param threads        threads for FTP transfers (they block), at most
     * @param queue          transfers that may wait for a thread
     */
    public record Ftp(
            @DefaultValue("127.0.0.1") @NotBlank String host,
            @DefaultValue("2121") @Min(1) @Max(65535) int port,
            @DefaultValue("/{uuid}/{fileName}") @NotBlank String pathTemplate,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("60s") @NotNull @DurationMin(millis = 1) Duration dataTimeout,
            @DefaultValue("4") @Min(1) @Max(64) int threads,
            @DefaultValue("100") @Min(1) @Max(100_000) int queue) {

        @AssertTrue(message = "moku.gateway.attachments.ftp.path-template must contain {uuid}")
        public boolean isPathTemplateNamingTheFile() {
            return pathTemplate == null || pathTemplate.contains("{uuid}");
        }
    }
}
