package ru.moku.simulators.lko;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The rules of refusal ({@code /admin/lko/rejections}): the organisations ЛКО's {@code POST /api/v1/organisations}
 * answers with 422 through the proxy. Absent means none; kept sorted, for a reader of the JSON.
 *
 * @param inns                organisations with one of these ИНН
 * @param mokuOrganisationIds organisations with one of these МОКУ ids
 */
public record Rejections(Set<String> inns, Set<UUID> mokuOrganisationIds) {

    /** No rule: every organisation reaches ЛКО. */
    public static final Rejections NONE = new Rejections(null, null);

    public Rejections {
        inns = sorted(inns);
        mokuOrganisationIds = sorted(mokuOrganisationIds);
    }

    private static <T extends Comparable<T>> Set<T> sorted(Collection<T> values) {
        return values == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }
}
