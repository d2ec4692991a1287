package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import ru.moku.gateway.support.SmevMessages;

class SmevRepliesUnitTests {

    @Test
    void anEmptyGetResponseResponseMeansTheQueueIsEmpty() {
        assertThat(SmevReplies.getResponse(200, SmevMessages.emptyGetResponse())).isEmpty();
    }

    @Test
    void aGetResponseResponseWithAMessageIsPassedOnWhole() {
        String envelope = SmevMessages.validEnvelope(SmevMessages.newMessageId());

        assertThat(SmevReplies.getResponse(200, envelope)).contains(envelope);
    }

    @Test
    void aGetResponseResponseBehindAByteOrderMarkIsRead() {
        String envelope = "\uFEFF" + SmevMessages.validEnvelope(SmevMessages.newMessageId());

        assertThat(SmevReplies.getResponse(200, envelope)).contains(envelope);
    }

    @Test
    void aSoapFaultBecomesAFaultWithCodeAndText() {
        String fault = SmevMessages.soap("""
                <soap:Fault><faultcode>soap:Server</faultcode><faultstring>SMEV is down</faultstring>
                <detail><ns3:SMEVFailure xmlns:ns3="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/faults/1.3"/></detail>
                </soap:Fault>""");

        assertThatThrownBy(() -> SmevReplies.getResponse(500, fault))
                .isInstanceOfSatisfying(SmevCallException.Fault.class,
                        e -> assertThat(e.faultCode()).isEqualTo("soap:Server"))
                .hasMessageContaining("SMEV is down")
                .hasMessageContaining("SMEVFailure");
    }

    @Test
    void anHttpErrorWithoutXmlIsACallFailure() {
        assertThatThrownBy(() -> SmevReplies.getResponse(503, "Service Unavailable"))
                .isInstanceOf(SmevCallException.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void anAckResponseConfirmsTheAck() {
        assertThatCode(() -> SmevReplies.ack(200, SmevMessages.soap(
                "<ns2:AckResponse xmlns:ns2=\"" + SmevMessages.TYPES + "\"/>"))).doesNotThrowAnyException();
    }

    @Test
    void anotherAnswerToAckIsACallFailure() {
        assertThatThrownBy(() -> SmevReplies.ack(200, SmevMessages.emptyGetResponse()))
                .isInstanceOf(SmevCallException.class)
                .hasMessageContaining("AckResponse");
    }
}
