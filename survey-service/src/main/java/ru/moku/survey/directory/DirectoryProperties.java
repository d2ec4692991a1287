package ru.moku.survey.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ОКТМО directory ({@code moku.survey.directory.*}).
 *
 * @param batchSize          classifier rows written to the database per statement while a file loads
 * @param loadSampleAtStart  load the bundled sample classifier at start when no version is current (the local run)
 * @param unresolvedRefresh  how often the gauge of organisations whose ОКТМО is not in the directory is recounted
 * @param pageSize           default page size of the operator API's lists
 * @param maxPageSize        largest page size a caller may ask for
 * @param downloadTimeout    how long fetching a classifier from a URL may take
 * @param staleLoadingAfter  a version still LOADING this long after it was accepted was abandoned (its instance
 *                           stopped): submitting the same file again marks it FAILED and loads the file anew
 * @param watch              a directory watched for new classifier files
 */
@Validated
@ConfigurationProperties("moku.survey.directory")
public record DirectoryProperties(@DefaultValue("1000") @Min(1) @Max(10000) int batchSize,
                                  @DefaultValue("false") boolean loadSampleAtStart,
                                  @NotNull @DefaultValue("1m") Duration unresolvedRefresh,
                                  @DefaultValue("100") @Min(1) int pageSize,
                                  @DefaultValue("1000") @Min(1) int maxPageSize,
                                  @NotNull @DefaultValue("5m") Duration downloadTimeout,
                                  @NotNull @DefaultValue("1h") Duration staleLoadingAfter,
                                  @Valid @NotNull @DefaultValue Watch watch) {

    /**
     * Every {@code interval} the files of {@code directory} are offered to the loader; a file loaded before (same
     * SHA-256) changes nothing, a file seen unchanged (same size and modification time) is not read again.
     *
     * @param directory the directory to watch; unset: no watching
     * @param interval  how often it is looked at
     */
    public record Watch(Path directory, @NotNull @DefaultValue("1m") Duration interval) {
    }
}
