package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.xml.transform.dom.DOMSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.party.FounderKind;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;

/** {@code docs/examples/smev-response.xml} stays a valid, complete example. */
class SmevResponseExampleUnitTests {

    private static final String EXAMPLE_MESSAGE_ID = "7c1d0b52-9b1d-11ef-8c4a-0242ac120002";

    @Test
    void theExamplesGetResponseResponseValidatesAgainstTheSmevSchemasWithServiceData() throws Exception {
        Document document = SecureXml.documentBuilder().parse(new InputSource(new StringReader(SmevMessages.docsExample())));
        Element getResponseResponse = (Element) document.getElementsByTagNameNS(Namespaces.SMEV_TYPES,
                "GetResponseResponse").item(0);

        assertThatCode(() -> SecureXml.validator(SmevSchemas.smevWithServiceData())
                .validate(new DOMSource(getResponseResponse))).doesNotThrowAnyException();
    }

    @Test
    void theExamplePassesTheIntakeParserWithOneCardOfAPersonFounder() throws SplitException {
        SmevReading reading = new SmevResponseReader(SmevSchemas.smevWithServiceData()).read(SmevMessages.docsExample());

        assertThat(reading).isInstanceOf(SmevReading.Valid.class);
        assertThat(reading.smevMessageId()).isEqualTo(EXAMPLE_MESSAGE_ID);
        List<ServiceCard> cards = new ServiceDataMapper()
                .split(((SmevReading.Valid) reading).serviceData(), UUID.randomUUID(), reading.smevMessageId());
        assertThat(cards).singleElement().satisfies(card -> {
            assertThat(card.applicationDate()).isEqualTo(LocalDate.of(2024, 11, 5));
            assertThat(card.organisation().inn()).isEqualTo("7707083893");
            assertThat(card.organisation().ogrn()).isEqualTo("1027700132195");
            assertThat(card.organisation().kpp()).isEqualTo("773601001");
            assertThat(card.founder().kind()).isEqualTo(FounderKind.PERSON);
            assertThat(card.founder().inn()).isEqualTo("500100732259");
        });
    }

    @Test
    void theExamplesIdentifiersPassTheirCheckDigits() {
        assertThatCode(() -> {
            Inn.of("7707083893");
            Ogrn.of("1027700132195");
            Inn.of("500100732259");
            Inn.of(SmevMessages.FOUNDER_ORG_INN);
            Ogrn.of(SmevMessages.FOUNDER_ORG_OGRN);
        }).doesNotThrowAnyException();
    }
}
