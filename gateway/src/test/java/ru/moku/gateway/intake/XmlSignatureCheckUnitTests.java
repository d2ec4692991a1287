package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.gateway.support.SignedMessages;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.gateway.support.SmevShapes;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.XmlSignatureVerifier;

class XmlSignatureCheckUnitTests {

    private final Scheduler cryptoWorkers = Schedulers.newBoundedElastic(1, 10, "smev-crypto-test");
    private final XmlSignatureCheck check = new XmlSignatureCheck(new XmlSignatureVerifier(TrustedCertificates.of(
            List.of(SignedMessages.SMEV.certificate(), SignedMessages.SENDER.certificate()))), cryptoWorkers);

    @AfterEach
    void close() {
        cryptoWorkers.dispose();
    }

    @Test
    void aMessageSignedByTheProviderAndSmevVerifiesOnTheCryptoThreads() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()));

        StepVerifier.create(check.problem(responseMessage(signed))).verifyComplete();
    }

    @Test
    void aSignedMessageWithForeignPrefixesVerifies() {
        String signed = SignedMessages.signed(SmevShapes.foreignPrefixes(SmevMessages.newMessageId()));

        assertThat(check.problemNow(responseMessage(signed))).isEmpty();
    }

    @Test
    void contentChangedAfterSigningIsADigestMismatchOfSmevsSignature() {
        String tampered = SignedMessages.tampered(SignedMessages.signed(
                SmevMessages.validEnvelope(SmevMessages.newMessageId())));

        assertThat(check.problemNow(responseMessage(tampered)))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("SMEVSignature: digest mismatch"));
    }

    @Test
    void aProviderSignatureByAnUntrustedKeyIsRefusedEvenUnderAValidSmevSignature() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()),
                SignedMessages.STRANGER, SignedMessages.SMEV);

        assertThat(check.problemNow(responseMessage(signed))).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("SenderInformationSystemSignature: untrusted certificate"));
    }

    @Test
    void aMissingSmevSignatureIsAProblem() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()),
                SignedMessages.SENDER, null);

        assertThat(check.problemNow(responseMessage(signed)))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("SMEVSignature: missing signature"));
    }

    @Test
    void aMissingProviderSignatureIsAProblem() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()), null,
                SignedMessages.SMEV);

        assertThat(check.problemNow(responseMessage(signed))).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("SenderInformationSystemSignature: missing signature"));
    }

    @Test
    void aPersonalSignatureOverTheServiceDataIsVerifiedWhenPresent() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()),
                SignedMessages.SENDER, SignedMessages.SENDER, SignedMessages.SMEV);

        assertThat(check.problemNow(responseMessage(signed))).isEmpty();
    }

    @Test
    void aPersonalSignatureByAnUntrustedKeyIsRefused() {
        String signed = SignedMessages.signed(SmevMessages.validEnvelope(SmevMessages.newMessageId()),
                SignedMessages.STRANGER, SignedMessages.SENDER, SignedMessages.SMEV);

        assertThat(check.problemNow(responseMessage(signed))).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("PersonalSignature: untrusted certificate"));
    }

    @Test
    void aSignedAnswerWithoutServiceDataVerifies() {
        String signed = SignedMessages.signed(SmevMessages.answerEnvelope(SmevMessages.newMessageId(),
                SmevMessages.requestRejected("NO_DATA", "нет данных")));

        assertThat(check.problemNow(responseMessage(signed))).isEqualTo(Optional.empty());
    }

    private static Element responseMessage(String xml) {
        try {
            return (Element) SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml)))
                    .getElementsByTagNameNS(SmevMessages.TYPES, "ResponseMessage").item(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
