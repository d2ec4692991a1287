package ru.moku.simulators.identifiers;

import java.util.Objects;
import java.util.random.RandomGenerator;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;

/**
 * Generates valid, varied identifiers for simulators and tests: each value passes its type's
 * validation, and the same seed gives the same sequence, so a failing run can be replayed.
 *
 * <p>Values are shaped like real ones (region code first, ОГРН sign digit) but are random: they
 * may or may not belong to a registered organisation. Not thread-safe unless the
 * {@link RandomGenerator} is.
 */
public final class IdentifierGenerator {

    private static final String[] OGRN_SIGNS = {"1", "5"};
    private static final String OGRNIP_SIGN = "3";

    private final RandomGenerator random;

    /** A generator drawing on {@code random}; pass a seeded one for a reproducible sequence. */
    public IdentifierGenerator(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A legal entity's 10-digit ИНН: region, tax office, record number, check digit. */
    public String legalEntityInn() {
        String digits = regionCode() + digits(7);
        return digits + Inn.legalEntityCheckDigit(digits);
    }

    /** A person's 12-digit ИНН: region, tax office, record number, two check digits. */
    public String personInn() {
        String digits = regionCode() + digits(8);
        digits += Inn.personFirstCheckDigit(digits);
        return digits + Inn.personSecondCheckDigit(digits);
    }

    /** An organisation's 13-digit ОГРН: sign (1 or 5), year, region, tax office, record number, check digit. */
    public String ogrn() {
        String digits = OGRN_SIGNS[random.nextInt(OGRN_SIGNS.length)] + digits(2) + regionCode() + digits(7);
        return digits + Ogrn.checkDigit(digits, 13);
    }

    /** An individual entrepreneur's 15-digit ОГРНИП: sign 3, year, region, record number, check digit. */
    public String ogrnip() {
        String digits = OGRNIP_SIGN + digits(2) + regionCode() + digits(9);
        return digits + Ogrn.checkDigit(digits, 15);
    }

    /** An 8-digit ОКТМО of a municipality: region, then the municipality within it. */
    public String oktmo() {
        return regionCode() + digits(6);
    }

    /**
     * A 9-character КПП (tax registration reason code): tax office (4 digits), reason (2 digits),
     * serial number (3 digits).
     */
    public String kpp() {
        // Reasons 01–50 are those of a Russian organisation; serial 000 is not issued.
        String reason = "%02d".formatted(random.nextInt(1, 51));
        String serial = "%03d".formatted(random.nextInt(1, 1000));
        return regionCode() + digits(2) + reason + serial;
    }

    // Region 00 does not exist; starting with it would also make an all-zero value possible.
    private String regionCode() {
        return "%02d".formatted(random.nextInt(1, 100));
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
