package ru.moku.survey.directory;

import java.time.LocalDate;

/**
 * One classified row of the classifier file.
 *
 * @param line          the line of the file it was on (1-based)
 * @param oktmo         8 digits (RAZDEL 1) or 11 (RAZDEL 2)
 * @param section       RAZDEL: 1 municipalities, 2 populated places
 * @param kind          what the row is
 * @param name          NAME1 as published
 * @param parentOktmo   the municipality it belongs to (never a group); {@code null} for a region
 * @param regionOktmo   the region heading it is listed under (itself for a region)
 * @param centre        Centrum, or {@code null}
 * @param description   NomDescr, or {@code null}
 * @param changeNumber  NomAkt, or {@code null}
 * @param approvedOn    DateUtv, or {@code null}
 * @param introducedOn  DateVved, or {@code null}
 */
record ClassifierRow(int line, String oktmo, int section, EntryKind kind, String name, String parentOktmo,
                     String regionOktmo, String centre, String description, Integer changeNumber,
                     LocalDate approvedOn, LocalDate introducedOn) {
}
