package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Directory;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import tools.jackson.databind.json.JsonMapper;

/** The generated directory: deterministic, consistent between ИНН and ОГРН, with the configured shares. */
class PartyDirectoryUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DataSize LARGE = DataSize.ofKilobytes(300);

    private final IdentifierGenerator identifiers = new IdentifierGenerator(new SplittableRandom(5));

    @Test
    void theSameIdentifierGivesTheSamePartyInEveryDirectoryWithTheSameSeed() {
        String inn = identifiers.legalEntityInn();

        assertThat(directory(shares(0, 0, 0, 0)).find(inn)).isEqualTo(directory(shares(0, 0, 0, 0)).find(inn));
    }

    @Test
    void anotherSeedGivesAnotherParty() {
        String inn = identifiers.legalEntityInn();
        Directory other = new Directory(7, 0, 0, 0, 0, LARGE, 100);

        assertThat(directory(other).find(inn).party()).isNotEqualTo(directory(shares(0, 0, 0, 0)).find(inn).party());
    }

    @Test
    void aPartyFoundByInnIsFoundByItsOgrnToo() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));
        for (int i = 0; i < 50; i++) {
            Party byInn = directory.find(i % 2 == 0 ? identifiers.legalEntityInn() : identifiers.personInn()).party();

            Party byOgrn = directory.find(byInn.ogrn()).party();

            assertThat(byOgrn).isEqualTo(byInn);
        }
    }

    @Test
    void anyValidOgrnFindsTheSamePartyAsTheInnInside() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));
        String ogrn = identifiers.ogrn();

        Party byOgrn = directory.find(ogrn).party();
        Party byInn = directory.find(byOgrn.inn()).party();

        assertThat(byOgrn.ogrn()).isEqualTo(ogrn);
        assertThat(byOgrn.name()).isEqualTo(byInn.name());
        assertThat(byOgrn.effectiveOktmo()).isEqualTo(byInn.effectiveOktmo());
    }

    @Test
    void generatedLegalEntitiesHaveValidIdentifiersAndAnOktmoOfTheirAddress() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));
        for (int i = 0; i < 200; i++) {
            PartyProfile profile = directory.find(identifiers.legalEntityInn());
            Party party = profile.party();

            assertThat(profile.outcome()).isEqualTo(Outcome.FOUND);
            assertThat(party.type()).isEqualTo(Party.Type.LEGAL);
            assertThat(Inn.of(party.inn()).isLegalEntity()).isTrue();
            assertThat(Ogrn.organisation(party.ogrn())).isNotNull();
            assertThat(party.kpp()).hasSize(9).startsWith(party.inn().substring(0, 4));
            assertThat(Oktmo.of(party.oktmo())).isNotNull();
            assertThat(party.address().data().oktmo()).isEqualTo(party.oktmo());
            assertThat(party.name().shortWithOpf()).isNotBlank();
            assertThat(party.name().fullWithOpf()).isNotBlank();
            assertThat(party.founders()).isNotEmpty();
            assertThat(party.management().name()).isNotBlank();
            assertThat(party.state().status()).isIn("ACTIVE", "LIQUIDATED");
            assertThat(profile.oktmo()).isEqualTo(party.oktmo());
        }
    }

    @Test
    void anAddressIsInTheRegionOfTheInnWhenTheRegionIsKnown() {
        Party party = directory(shares(0, 0, 0, 0)).find("7707083893").party();

        assertThat(party.address().data().regionWithType()).isEqualTo("г Москва");
        assertThat(party.oktmo()).startsWith("45");
    }

    @Test
    void aPersonInnFindsAnIndividualEntrepreneur() {
        Party party = directory(shares(0, 0, 0, 0)).find(identifiers.personInn()).party();

        assertThat(party.type()).isEqualTo(Party.Type.INDIVIDUAL);
        assertThat(Ogrn.individualEntrepreneur(party.ogrn())).isNotNull();
        assertThat(party.kpp()).isNull();
        assertThat(party.fio().surname()).isNotBlank();
        assertThat(party.name().shortWithOpf()).startsWith("ИП ");
        assertThat(party.opf().code()).isEqualTo("50102");
    }

    @Test
    void outcomesFollowTheConfiguredShares() {
        // Large ones small here: the test is about shares, not sizes.
        PartyDirectory directory = directory(new Directory(20250301, 0.1, 0.05, 0.2, 0.02, DataSize.ofKilobytes(20), 0));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int large = 0;
        int draws = 4_000;

        for (PartySummary party : directory.sample(draws, 9, 0.2).parties()) {
            counts.merge(party.outcome(), 1, Integer::sum);
            large += party.large() ? 1 : 0;
        }

        assertThat(counts.get(Outcome.NOT_FOUND) / (double) draws).isCloseTo(0.1, within(0.02));
        assertThat(counts.get(Outcome.NO_OKTMO) / (double) draws).isCloseTo(0.05, within(0.015));
        assertThat(counts.get(Outcome.ADDRESS_ONLY_OKTMO) / (double) draws).isCloseTo(0.2, within(0.025));
        assertThat(counts.get(Outcome.FOUND) / (double) draws).isCloseTo(0.65, within(0.03));
        assertThat(large).isPositive();
    }

    @Test
    void notFoundIdentifiersHaveNoParty() {
        PartyProfile profile = directory(shares(1, 0, 0, 0)).find(identifiers.legalEntityInn());

        assertThat(profile.outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(profile.party()).isNull();
        assertThat(profile.oktmo()).isNull();
    }

    @Test
    void addressOnlyOktmoIsMissingAtTopLevelAndPresentInTheAddress() {
        Party party = directory(shares(0, 0, 1, 0)).find(identifiers.legalEntityInn()).party();

        assertThat(party.oktmo()).isNull();
        assertThat(Oktmo.of(party.address().data().oktmo())).isNotNull();
        assertThat(party.effectiveOktmo()).isEqualTo(party.address().data().oktmo());
    }

    @Test
    void noOktmoPartiesHaveNoneAnywhereSomeWithoutAddressData() {
        PartyDirectory directory = directory(shares(0, 1, 0, 0));
        int withoutAddressData = 0;
        for (int i = 0; i < 100; i++) {
            Party party = directory.find(identifiers.legalEntityInn()).party();

            assertThat(party.effectiveOktmo()).isNull();
            withoutAddressData += party.address().data() == null ? 1 : 0;
        }
        assertThat(withoutAddressData).isBetween(20, 80);
    }

    @Test
    void aLargeOrganisationsAnswerIsAboutTheConfiguredSize() {
        PartyProfile profile = directory(shares(0, 0, 0, 1)).find(identifiers.legalEntityInn());

        int size = JSON.writeValueAsBytes(Suggestions.of(profile.party())).length;

        assertThat(profile.large()).isTrue();
        assertThat(size).isBetween((int) (LARGE.toBytes() * 0.98), (int) (LARGE.toBytes() * 1.02));
        assertThat(profile.party().founders()).hasSizeGreaterThan(300);
        assertThat(profile.party().licenses()).hasSizeGreaterThan(10);
        assertThat(profile.party().founders().stream().mapToDouble(f -> f.share().value()).sum())
                .isCloseTo(100, within(0.5));
    }

    @Test
    void invalidIdentifiersAreUnknown() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));

        assertThat(directory.find("7707083894").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(directory.find("12345").reason()).isEqualTo("not a valid ИНН or ОГРН");
    }

    @Test
    void aRegisteredPartyIsFoundByItsInnAndOgrnAsRegistered() {
        PartyDirectory directory = directory(shares(1, 0, 0, 0));
        String inn = identifiers.legalEntityInn();
        String ogrn = identifiers.ogrn();

        PartyProfile registered = directory.register(new PartyRegistration(inn, ogrn, Outcome.ADDRESS_ONLY_OKTMO,
                "92701000", false, "ВЕКТОР"));

        assertThat(registered.registered()).isTrue();
        assertThat(directory.find(ogrn).party()).isEqualTo(registered.party());
        Party party = directory.find(inn).party();
        assertThat(party.ogrn()).isEqualTo(ogrn);
        assertThat(party.oktmo()).isNull();
        assertThat(party.address().data().oktmo()).isEqualTo("92701000");
        assertThat(party.address().data().city()).as("the address agrees with the ОКТМО").isEqualTo("Казань");
        assertThat(party.name().shortWithOpf()).endsWith("\"ВЕКТОР\"");
        assertThat(directory.registered()).singleElement().extracting(PartySummary::identifier).isEqualTo(inn);
    }

    @Test
    void identifiersRegisteredAsUnknownAreNotFoundUntilForgotten() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));
        String inn = identifiers.legalEntityInn();
        Party generated = directory.find(inn).party();

        directory.register(new PartyRegistration(inn, null, Outcome.NOT_FOUND, null, null, null));

        assertThat(directory.find(inn).outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(directory.find(inn).reason()).isEqualTo("registered as unknown");
        assertThat(directory.forget(inn)).isTrue();
        assertThat(directory.find(inn).party()).isEqualTo(generated);
    }

    @Test
    void registrationsThatDoNotFitTogetherAreRefused() {
        PartyDirectory directory = directory(shares(0, 0, 0, 0));
        String inn = identifiers.legalEntityInn();

        assertThatIllegalArgumentException().isThrownBy(() -> directory.register(
                new PartyRegistration("7707083894", null, null, null, null, null))).withMessageStartingWith("inn:");
        assertThatIllegalArgumentException().isThrownBy(() -> directory.register(
                new PartyRegistration(inn, identifiers.ogrnip(), null, null, null, null))).withMessageContaining("13-digit");
        assertThatIllegalArgumentException().isThrownBy(() -> directory.register(
                new PartyRegistration(inn, null, Outcome.NO_OKTMO, "45000000", null, null)))
                .withMessageContaining("oktmo");
        assertThatIllegalArgumentException().isThrownBy(() -> directory.register(
                new PartyRegistration(inn, null, null, "4500", null, null))).withMessageStartingWith("oktmo:");
        assertThatIllegalArgumentException().isThrownBy(() -> directory.register(
                new PartyRegistration(null, null, null, null, null, null))).withMessageContaining("inn is required");
    }

    @Test
    void aSampleIsTheSameForTheSameSeed() {
        PartyDirectory directory = directory(Directory.DEFAULTS);

        assertThat(directory.sample(20, 3, 0.5)).isEqualTo(directory.sample(20, 3, 0.5));
        assertThat(directory.sample(20, 3, 0.5).parties()).extracting(PartySummary::identifier)
                .doesNotContainAnyElementsOf(directory.sample(20, 4, 0.5).parties().stream()
                        .map(PartySummary::identifier).toList());
    }

    private static Directory shares(double notFound, double noOktmo, double addressOnly, double large) {
        return new Directory(20250301, notFound, noOktmo, addressOnly, large, LARGE, 1_000);
    }

    private static PartyDirectory directory(Directory settings) {
        return new PartyDirectory(settings, new PartyGenerator(value -> JSON.writeValueAsBytes(value).length,
                settings.largeResponseSize()));
    }
}
