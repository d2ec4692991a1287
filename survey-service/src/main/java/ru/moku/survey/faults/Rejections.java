package ru.moku.survey.faults;

import java.util.Set;
import java.util.UUID;

/**
 * The organisations ЛКО answers with 422 while fault injection is on.
 *
 * @param inns                organisations with one of these ИНН
 * @param mokuOrganisationIds organisations with one of these МОКУ ids
 */
public record Rejections(Set<String> inns, Set<UUID> mokuOrganisationIds) {

    public Rejections {
        inns = inns == null ? Set.of() : Set.copyOf(inns);
        mokuOrganisationIds = mokuOrganisationIds == null ? Set.of() : Set.copyOf(mokuOrganisationIds);
    }
}
