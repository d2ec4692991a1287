package ru.moku.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the MTOM reader ({@code moku.gateway.mtom.*}): SMEV messages as {@code multipart/related} XOP packages,
 * pushed to {@code /smev/inbound} or answered to GetResponse. Over a limit: push 413 (nothing stored), pull an
 * {@code ATTACHMENT_INVALID} incident and no Ack.
 *
 * @param maxPartSize     largest part, the root XML or one attachment
 * @param maxMessageSize  largest MTOM body, all parts together
 * @param maxParts        most parts in one message, the root included
 * @param maxInMemorySize parts up to this size are kept in memory, larger ones in a temporary file until the intake is over
 * @param maxHeadersSize  largest header section of one part
 * @param readTimeout     longest time reading one MTOM body may take; longer: push 400, pull an error (and the message stays in SMEV)
 * @param diskThreads     threads that create, write and delete the temporary files (blocking IO, off the event loops); at least 2
 *                        (with one, a read over the message limit once never ended: Spring's part generator raced its
 *                        own file creation — the read timeout is the backstop)
 * @param diskQueue       file operations that may wait for a disk thread before new ones are refused
 */
@Validated
@ConfigurationProperties("moku.gateway.mtom")
public record MtomProperties(
        @DefaultValue("10MB") @NotNull DataSize maxPartSize,
        @DefaultValue("50MB") @NotNull DataSize maxMessageSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxParts,
        @DefaultValue("256KB") @NotNull DataSize maxInMemorySize,
        @DefaultValue("16KB") @NotNull DataSize maxHeadersSize,
        @DefaultValue("2m") @NotNull @DurationMin(seconds = 1) Duration readTimeout,
        @DefaultValue("2") @Min(2) @Max(64) int diskThreads,
        @DefaultValue("1000") @Min(1) @Max(100_000) int diskQueue) {

    @AssertTrue(message = "moku.gateway.mtom: max-in-memory-size <= max-part-size <= max-message-size <= 2GB"
            + " and max-headers-size <= 1MB are required")
    public boolean isConsistent() {
        if (maxPartSize == null || maxMessageSize == null || maxInMemorySize == null || maxHeadersSize == null) {
            return true;
        }
        return maxInMemorySize.toBytes() >= 0 && maxInMemorySize.toBytes() <= maxPartSize.toBytes()
                && maxPartSize.toBytes() <= maxMessageSize.toBytes()
                && maxMessageSize.toBytes() <= DataSize.ofGigabytes(2).toBytes()
                && maxHeadersSize.toBytes() > 0 && maxHeadersSize.toBytes() <= DataSize.ofMegabytes(1).toBytes();
    }
}
