package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.moku.gateway.support.SmevMessages.envelope;
import static ru.moku.gateway.support.SmevMessages.personCard;
import static ru.moku.gateway.support.SmevMessages.serviceData;

import org.junit.jupiter.api.Test;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.xml.SmevSchemas;

class SmevResponseReaderUnitTests {

    private static final SmevResponseReader reader = new SmevResponseReader(SmevSchemas.smevWithServiceData());

    @Test
    void aSoapEnvelopeWithGetResponseResponseIsValidAndCarriesItsMessageId() {
        String messageId = SmevMessages.newMessageId();

        SmevReading reading = reader.read(SmevMessages.validEnvelope(messageId));

        assertThat(reading).isInstanceOf(SmevReading.Valid.class);
        SmevReading.Valid valid = (SmevReading.Valid) reading;
        assertThat(valid.smevMessageId()).isEqualTo(messageId);
        assertThat(valid.serviceData().getLocalName()).isEqualTo("ServiceData");
    }

    @Test
    void aBareResponseMessageDocumentIsValid() {
        String messageId = SmevMessages.newMessageId();

        SmevReading reading = reader.read(SmevMessages.bareResponseMessage(messageId,
                serviceData(SmevMessages.legalEntityCard("APP-2"))));

        assertThat(reading).isInstanceOfSatisfying(SmevReading.Valid.class,
                valid -> assertThat(valid.smevMessageId()).isEqualTo(messageId));
    }

    @Test
    void aSoap12EnvelopeIsAcceptedForApplicationSoapXml() {
        String messageId = SmevMessages.newMessageId();
        String xml = SmevMessages.validEnvelope(messageId)
                .replace("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope");

        assertThat(reader.read(xml)).isInstanceOf(SmevReading.Valid.class);
    }

    @Test
    void aSchemaViolationInABareResponseMessageIsLocatedInTheOriginalText() {
        String xml = SmevMessages.bareResponseMessage(SmevMessages.newMessageId(),
                serviceData(personCard("APP-7", "77070838931")));
        int expectedLine = (int) xml.lines().takeWhile(line -> !line.contains("77070838931")).count() + 1;

        IntakeProblem problem = problemOf(reader.read(xml));

        assertThat(problem.type()).isEqualTo(ProblemType.SCHEMA_VIOLATION);
        assertThat(problem.detail()).startsWith("line " + expectedLine + ", column ");
    }

    @Test
    void theSendersMessageIdIsUsedWhenSmevMetadataHasNone() {
        String messageId = SmevMessages.newMessageId();
        String xml = SmevMessages.validEnvelope(messageId)
                .replace("<ns2:MessageId>" + messageId + "</ns2:MessageId>", "");

        SmevReading reading = reader.read(xml);

        assertThat(reading).isInstanceOfSatisfying(SmevReading.Valid.class,
                valid -> assertThat(valid.smevMessageId()).isEqualTo(messageId));
    }

    @Test
    void malformedXmlIsClassifiedWithItsLineAndColumn() {
        SmevReading reading = reader.read(SmevMessages.malformed());

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.MALFORMED_XML);
        assertThat(problemOf(reading).detail()).matches("line \\d+, column \\d+: .+");
        assertThat(reading.smevMessageId()).isNull();
    }

    @Test
    void anEmptyBodyIsMalformedXml() {
        assertThat(problemOf(reader.read("  ")).type()).isEqualTo(ProblemType.MALFORMED_XML);
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedAsDtd() {
        SmevReading reading = reader.read(SmevMessages.withExternalEntity());

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.DTD_NOT_ALLOWED);
        assertThat(problemOf(reading).detail()).startsWith("line 2, column 1:").doesNotContain("root:");
    }

    @Test
    void billionLaughsIsRefusedAsDtdWithoutExpandingAnything() {
        assertThat(problemOf(reader.read(SmevMessages.billionLaughs())).type()).isEqualTo(ProblemType.DTD_NOT_ALLOWED);
    }

    @Test
    void aDoctypeBehindACommentIsStillFound() {
        String xml = "<?xml version=\"1.0\"?><!-- <!DOCTYPE in a comment --><!DOCTYPE x SYSTEM \"http://evil/x.dtd\"><x/>";

        assertThat(problemOf(reader.read(xml)).type()).isEqualTo(ProblemType.DTD_NOT_ALLOWED);
    }

    @Test
    void anUnknownRootElementIsAWrongNamespace() {
        SmevReading reading = reader.read("<ResponseMessage xmlns=\"urn://somebody-else/1.0\"/>");

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.WRONG_NAMESPACE);
        assertThat(problemOf(reading).detail()).contains("{urn://somebody-else/1.0}ResponseMessage");
    }

    @Test
    void aSoapBodyWithAnotherOperationIsAWrongNamespace() {
        SmevReading reading = reader.read(SmevMessages.soap(
                "<ns2:GetRequestResponse xmlns:ns2=\"" + SmevMessages.TYPES + "\"/>"));

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.WRONG_NAMESPACE);
        assertThat(problemOf(reading).detail()).contains("GetRequestResponse");
    }

    @Test
    void aNineDigitOrganisationInnIsASchemaViolationWithPositionAndValidatorMessage() {
        String messageId = SmevMessages.newMessageId();

        SmevReading reading = reader.read(envelope(messageId, serviceData(personCard("APP-3", "770708389"))));

        IntakeProblem problem = problemOf(reading);
        assertThat(problem.type()).isEqualTo(ProblemType.SCHEMA_VIOLATION);
        assertThat(problem.detail()).matches("line \\d+, column \\d+: .*770708389.*");
        assertThat(reading.smevMessageId()).as("the id is known even though the message is invalid")
                .isEqualTo(messageId);
    }

    @Test
    void aMissingRequiredSmevElementIsASchemaViolation() {
        String xml = SmevMessages.validEnvelope(SmevMessages.newMessageId())
                .replace("<ns2:MessageType>RESPONSE</ns2:MessageType>", "");

        IntakeProblem problem = problemOf(reader.read(xml));

        assertThat(problem.type()).isEqualTo(ProblemType.SCHEMA_VIOLATION);
        assertThat(problem.detail()).contains("SendingTimestamp");
    }

    @Test
    void serviceDataOfAnUnsupportedNamespaceIsAWrongNamespace() {
        String messageId = SmevMessages.newMessageId();
        String content = serviceData(personCard("APP-4", SmevMessages.ORG_INN))
                .replace(SmevMessages.SERVICE_DATA, "urn://moku-platform/service-data/9.0");

        SmevReading reading = reader.read(envelope(messageId, content));

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.WRONG_NAMESPACE);
        assertThat(problemOf(reading).detail()).contains("urn://moku-platform/service-data/9.0")
                .contains("not a supported service-data namespace");
        assertThat(reading.smevMessageId()).isEqualTo(messageId);
    }

    @Test
    void anUnknownRootInTheSupportedNamespaceIsAWrongNamespace() {
        String content = "<Unknown xmlns=\"" + SmevMessages.SERVICE_DATA + "\"/>";

        SmevReading reading = reader.read(envelope(SmevMessages.newMessageId(), content));

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.WRONG_NAMESPACE);
    }

    @Test
    void anEmptyGetResponseResponseIsAnEmptyResponse() {
        assertThat(problemOf(reader.read(SmevMessages.emptyGetResponse())).type()).isEqualTo(ProblemType.EMPTY_RESPONSE);
    }

    @Test
    void aRequestRejectedIsAnAnswerWithItsReasonCodeAndDescription() {
        String messageId = SmevMessages.newMessageId();

        SmevReading reading = reader.read(SmevMessages.answerEnvelope(messageId,
                SmevMessages.requestRejected("NO_DATA", "нет данных")));

        assertThat(reading).isInstanceOfSatisfying(SmevReading.Answer.class, answer -> {
            assertThat(answer.smevMessageId()).isEqualTo(messageId);
            assertThat(answer.kind()).isEqualTo(AnswerKind.REQUEST_REJECTED);
            assertThat(answer.code()).isEqualTo("NO_DATA");
            assertThat(answer.description()).isEqualTo("нет данных");
            assertThat(answer.responseMessage().getLocalName()).isEqualTo("ResponseMessage");
        });
    }

    @Test
    void aRequestStatusIsAnAnswerWithItsStatusCode() {
        SmevReading reading = reader.read(SmevMessages.answerEnvelope(SmevMessages.newMessageId(),
                SmevMessages.requestStatus(3, "Бизнес-данные отклонены")));

        assertThat(reading).isInstanceOfSatisfying(SmevReading.Answer.class, answer -> {
            assertThat(answer.kind()).isEqualTo(AnswerKind.REQUEST_STATUS);
            assertThat(answer.code()).isEqualTo("3");
            assertThat(answer.description()).isEqualTo("Бизнес-данные отклонены");
        });
    }

    @Test
    void anAsyncProcessingStatusNamesTheMessageItIsAbout() {
        String ours = SmevMessages.newMessageId();

        SmevReading reading = reader.read(SmevMessages.answerEnvelope(SmevMessages.newMessageId(),
                SmevMessages.asyncProcessingStatus(ours, "requestIsRejectedBySmev", "ЭП не прошла проверку")));

        assertThat(reading).isInstanceOfSatisfying(SmevReading.Answer.class, answer -> {
            assertThat(answer.kind()).isEqualTo(AnswerKind.ASYNC_PROCESSING_STATUS);
            assertThat(answer.originalMessageId()).isEqualTo(ours);
            assertThat(answer.code()).isEqualTo("requestIsRejectedBySmev");
            assertThat(answer.description()).isEqualTo("ЭП не прошла проверку");
        });
    }

    @Test
    void anAnswerOutsideTheSchemaIsStillASchemaViolation() {
        SmevReading reading = reader.read(SmevMessages.answerEnvelope(SmevMessages.newMessageId(),
                SmevMessages.asyncProcessingStatus("not-a-uuid", "requestIsRejectedBySmev", "x")));

        assertThat(problemOf(reading).type()).isEqualTo(ProblemType.SCHEMA_VIOLATION);
    }

    private static IntakeProblem problemOf(SmevReading reading) {
        assertThat(reading).isInstanceOf(SmevReading.Invalid.class);
        return ((SmevReading.Invalid) reading).problem();
    }
}
