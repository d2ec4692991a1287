package ru.moku.simulators.identifiers;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierGeneratorUnitTests {

    private static final long SEED = 20240501L;
    private static final int COUNT = 1_000;

    private final IdentifierGenerator generator = new IdentifierGenerator(new SplittableRandom(SEED));

    @Test
    void generatesValidLegalEntityInns() {
        assertThat(generate(generator::legalEntityInn))
                .allSatisfy(value -> assertThat(Inn.problem(value)).isEmpty())
                .allSatisfy(value -> assertThat(Inn.of(value).isLegalEntity()).isTrue());
    }

    @Test
    void generatesValidPersonInns() {
        assertThat(generate(generator::personInn))
                .allSatisfy(value -> assertThat(Inn.problem(value)).isEmpty())
                .allSatisfy(value -> assertThat(Inn.of(value).isPerson()).isTrue());
    }

    @Test
    void generatesValidOgrns() {
        assertThat(generate(generator::ogrn))
                .allSatisfy(value -> assertThat(Ogrn.organisation(value).isIndividualEntrepreneur()).isFalse());
    }

    @Test
    void generatesValidOgrnips() {
        assertThat(generate(generator::ogrnip))
                .allSatisfy(value -> assertThat(Ogrn.individualEntrepreneur(value).isIndividualEntrepreneur()).isTrue());
    }

    @Test
    void generatesValidEightDigitOktmos() {
        assertThat(generate(generator::oktmo))
                .allSatisfy(value -> assertThat(Oktmo.problem(value)).isEmpty())
                .allSatisfy(value -> assertThat(value).hasSize(8));
    }

    @Test
    void generatesKppsOfTaxOfficeReasonAndSerial() {
        assertThat(generate(generator::kpp))
                .allSatisfy(value -> assertThat(value).matches("\\d{4}\\d{2}\\d{3}"));
    }

    @Test
    void startsInnsWithExistingRegionCode() {
        assertThat(Stream.concat(generate(generator::legalEntityInn).stream(), generate(generator::personInn).stream()))
                .allSatisfy(value -> assertThat(value).doesNotStartWith("00"));
    }

    @Test
    void generatesVariedValues() {
        // Collisions are possible in principle but vanishingly rare for 1,000 draws from 10^9 values.
        assertThat(generate(generator::legalEntityInn)).doesNotHaveDuplicates();
    }

    @Test
    void repeatsSequenceForSameSeed() {
        IdentifierGenerator first = new IdentifierGenerator(new SplittableRandom(SEED));
        IdentifierGenerator second = new IdentifierGenerator(new SplittableRandom(SEED));

        assertThat(generate(first::ogrn)).isEqualTo(generate(second::ogrn));
    }

    private static List<String> generate(Supplier<String> identifier) {
        return Stream.generate(identifier).limit(COUNT).toList();
    }
}
