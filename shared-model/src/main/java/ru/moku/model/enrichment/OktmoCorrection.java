package ru.moku.model.enrichment;

import java.time.Instant;
import ru.moku.model.party.OktmoOutcome;

/**
 * enrichment → card-processor, on {@code qal.oktmo-corrections}: a newer answer for every party of this ИНН/ОГРН than
 * the FAILED one its cards carry — the lookup done again after an operator retried the incident (issue 13).
 * card-processor applies it to the parties whose ОКТМО was not corrected later ({@code correctedAt} orders
 * corrections: a stale one never overwrites a newer one) and hands their organisations on again.
 *
 * @param identifier  the party's ИНН or ОГРН
 * @param outcome     {@code FOUND} (with {@code oktmo}) or {@code NOT_FOUND}
 * @param oktmo       the ОКТМО; {@code null} unless FOUND
 * @param reason      why there is none (the enrichment's {@code CODE: sentence}); {@code null} when FOUND
 * @param correctedAt when the answer was obtained
 */
public record OktmoCorrection(String identifier, OktmoOutcome outcome, String oktmo, String reason,
                              Instant correctedAt) {
}
