package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.party.FounderKind;
import ru.moku.model.xml.SmevSchemas;

class ServiceDataMapperUnitTests {

    private static final SmevResponseReader reader = new SmevResponseReader(SmevSchemas.smevWithServiceData());
    private final ServiceDataMapper mapper = new ServiceDataMapper();

    @Test
    void eachServiceCardBecomesACardWithItsOwnIdAndPosition() throws SplitException {
        UUID rawMessageId = UUID.randomUUID();
        String messageId = SmevMessages.newMessageId();

        List<ServiceCard> cards = split(SmevMessages.serviceData(SmevMessages.personCard("APP-1", SmevMessages.ORG_INN),
                SmevMessages.legalEntityCard("APP-2")), rawMessageId, messageId);

        assertThat(cards).hasSize(2);
        assertThat(cards).extracting(ServiceCard::position).containsExactly(0, 1);
        assertThat(cards).extracting(ServiceCard::applicationNumber).containsExactly("APP-1", "APP-2");
        assertThat(cards).extracting(ServiceCard::cardId).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(cards).allSatisfy(card -> {
            assertThat(card.rawMessageId()).isEqualTo(rawMessageId);
            assertThat(card.smevMessageId()).isEqualTo(messageId);
        });
    }

    @Test
    void anOrganisationIsMappedWithOptionalKppAndAddress() throws SplitException {
        ServiceCard card = split(SmevMessages.serviceData(SmevMessages.personCard("APP-1", SmevMessages.ORG_INN)),
                UUID.randomUUID(), SmevMessages.newMessageId()).get(0);

        assertThat(card.serviceCode()).isEqualTo("10000012345");
        assertThat(card.applicationDate()).isEqualTo(LocalDate.of(2024, 11, 5));
        assertThat(card.organisation()).isEqualTo(new ServiceCard.Organisation("ПАО Сбербанк", SmevMessages.ORG_INN,
                SmevMessages.ORG_OGRN, SmevMessages.ORG_KPP, "117312, г. Москва, ул. Вавилова, д. 19"));
    }

    @Test
    void aPersonFounderKeepsTheFullNameAndTwelveDigitInn() throws SplitException {
        ServiceCard card = split(SmevMessages.serviceData(SmevMessages.personCard("APP-1", SmevMessages.ORG_INN)),
                UUID.randomUUID(), SmevMessages.newMessageId()).get(0);

        assertThat(card.founder()).isEqualTo(ServiceCard.Founder.person("Иванов", "Иван", "Иванович",
                SmevMessages.PERSON_INN, null));
        assertThat(card.founder().displayName()).isEqualTo("Иванов Иван Иванович");
    }

    @Test
    void aLegalEntityFounderKeepsItsNameInnAndOgrn() throws SplitException {
        ServiceCard card = split(SmevMessages.serviceData(SmevMessages.legalEntityCard("APP-2")),
                UUID.randomUUID(), SmevMessages.newMessageId()).get(0);

        assertThat(card.founder().kind()).isEqualTo(FounderKind.LEGAL_ENTITY);
        assertThat(card.founder()).isEqualTo(ServiceCard.Founder.legalEntity("АО «Учредитель»",
                SmevMessages.FOUNDER_ORG_INN, SmevMessages.FOUNDER_ORG_OGRN));
    }

    @Test
    void aDateWithATimeZoneIsReadAsItsCalendarDate() throws SplitException {
        ServiceCard card = split(SmevMessages.serviceData(SmevMessages.cardWithDate("APP-5", "2024-11-05+03:00")),
                UUID.randomUUID(), SmevMessages.newMessageId()).get(0);

        assertThat(card.applicationDate()).isEqualTo(LocalDate.of(2024, 11, 5));
    }

    @Test
    void aSchemaValidYearBeyondFourDigitsFailsTheSplitAndNamesTheCard() {
        assertThatThrownBy(() -> split(SmevMessages.serviceData(SmevMessages.legalEntityCard("APP-1"),
                        SmevMessages.cardWithDate("APP-6", "10000-01-01")), UUID.randomUUID(), SmevMessages.newMessageId()))
                .isInstanceOf(SplitException.class)
                .hasMessageContaining("ServiceCard #2")
                .hasMessageContaining("10000-01-01");
    }

    private List<ServiceCard> split(String serviceData, UUID rawMessageId, String messageId) throws SplitException {
        SmevReading reading = reader.read(SmevMessages.envelope(messageId, serviceData));
        assertThat(reading).isInstanceOf(SmevReading.Valid.class);
        return mapper.split(((SmevReading.Valid) reading).serviceData(), rawMessageId, messageId);
    }
}
