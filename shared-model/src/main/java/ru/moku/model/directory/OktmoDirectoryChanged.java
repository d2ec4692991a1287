package ru.moku.model.directory;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Kafka {@code moku.oktmo-directory.changed}, keyed by {@code versionId}: a new version of the ОКТМО directory (the
 * Росстат classifier as ЛКО keeps it) became CURRENT. One event per version, published through survey-service's
 * outbox in the transaction that made it current. The diff itself is in {@code lko.oktmo_change} (and
 * {@code GET /api/v1/directory/versions/{versionId}}).
 *
 * @param versionId             the new current version ({@code lko.oktmo_version.id})
 * @param previousVersionId     the version it replaced; {@code null} for the first one (which has no diff)
 * @param changeNumber          the classifier change the file is up to (highest {@code NomAkt})
 * @param effectiveDate         the latest {@code DateVved} of the file
 * @param fileName              the file's name as loaded
 * @param sha256                the file's SHA-256, hex
 * @param loadedAt              when it became current
 * @param added                 codes new in this version
 * @param renamed               codes whose name changed
 * @param moved                 codes whose parent or region changed
 * @param abolished             codes no longer in the classifier
 * @param organisationsRemapped ЛКО organisations whose abolished code a change record mapped to a new one
 */
public record OktmoDirectoryChanged(int versionId, Integer previousVersionId, Integer changeNumber,
                                    LocalDate effectiveDate, String fileName, String sha256, Instant loadedAt,
                                    int added, int renamed, int moved, int abolished, int organisationsRemapped) {
}
