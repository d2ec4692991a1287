package ru.moku.simulators.dadata;

import java.time.LocalDate;

/**
 * The daily quota ({@code GET /admin/dadata/quota}).
 *
 * @param day       the day counted, in the quota's time zone
 * @param limit     requests allowed per day; 0 = no quota
 * @param used      requests counted today
 * @param remaining requests left today; {@code null} without a quota
 */
public record QuotaState(LocalDate day, long limit, long used, Long remaining) {
}
