package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.simulators.dadata.PartyIdentifiers.Kind;
import ru.moku.simulators.identifiers.IdentifierGenerator;

class PartyIdentifiersUnitTests {

    private final SplittableRandom random = new SplittableRandom(11);
    private final IdentifierGenerator identifiers = new IdentifierGenerator(random);

    @Test
    void theOgrnMadeFromALegalEntityInnIsValidAndGivesTheInnBack() {
        for (int i = 0; i < 1_000; i++) {
            String inn = identifiers.legalEntityInn();

            String ogrn = PartyIdentifiers.ogrnOf(inn, random);

            assertThat(Ogrn.organisation(ogrn).value()).isEqualTo(ogrn);
            assertThat(PartyIdentifiers.innOf(ogrn)).hasValue(inn);
        }
    }

    @Test
    void theOgrnipMadeFromAPersonInnIsValidAndGivesTheInnBack() {
        for (int i = 0; i < 1_000; i++) {
            String inn = identifiers.personInn();

            String ogrnip = PartyIdentifiers.ogrnOf(inn, random);

            assertThat(Ogrn.individualEntrepreneur(ogrnip).value()).isEqualTo(ogrnip);
            assertThat(PartyIdentifiers.innOf(ogrnip)).hasValue(inn);
        }
    }

    @Test
    void anyValidOgrnNamesAValidInnOfTheSameKind() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(PartyIdentifiers.innOf(identifiers.ogrn())).get()
                    .satisfies(inn -> assertThat(Inn.of(inn).isLegalEntity()).isTrue());
            assertThat(PartyIdentifiers.innOf(identifiers.ogrnip())).get()
                    .satisfies(inn -> assertThat(Inn.of(inn).isPerson()).isTrue());
        }
    }

    @Test
    void identifiersAreKnownByLengthOnceValid() {
        assertThat(PartyIdentifiers.kind(identifiers.legalEntityInn())).isEqualTo(Kind.LEGAL_ENTITY_INN);
        assertThat(PartyIdentifiers.kind(identifiers.personInn())).isEqualTo(Kind.PERSON_INN);
        assertThat(PartyIdentifiers.kind(identifiers.ogrn())).isEqualTo(Kind.OGRN);
        assertThat(PartyIdentifiers.kind(identifiers.ogrnip())).isEqualTo(Kind.OGRNIP);
        assertThat(PartyIdentifiers.kind("7707083894")).as("wrong check digit").isEqualTo(Kind.INVALID);
        assertThat(PartyIdentifiers.kind("0000000000")).isEqualTo(Kind.INVALID);
        assertThat(PartyIdentifiers.kind("ООО Ромашка")).isEqualTo(Kind.INVALID);
        assertThat(PartyIdentifiers.kind(null)).isEqualTo(Kind.INVALID);
    }
}
