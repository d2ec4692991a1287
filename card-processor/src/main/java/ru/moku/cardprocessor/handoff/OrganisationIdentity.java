package ru.moku.cardprocessor.handoff;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * МОКУ's id of an organisation: derived from its ИНН and ОГРН (a name-based UUID), so every card of one organisation
 * names the same organisation in ПОС.ОС and ЛКО, and it is known without asking anyone (seed 000 step 11: the pair
 * {@code lko.organisation.id ↔ МОКУ org id}).
 */
public final class OrganisationIdentity {

    private OrganisationIdentity() {
    }

    public static UUID of(String inn, String ogrn) {
        return UUID.nameUUIDFromBytes(("moku-organisation:" + inn + "/" + ogrn).getBytes(StandardCharsets.UTF_8));
    }
}
