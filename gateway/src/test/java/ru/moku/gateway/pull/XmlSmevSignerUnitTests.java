package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.gateway.support.CallerSignatures;
import ru.moku.model.xml.Namespaces;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSigner;

class XmlSmevSignerUnitTests {

    private static SigningKey gateway;
    private static XmlSmevSigner signer;
    private static final SmevRequests REQUESTS = new SmevRequests(Namespaces.SERVICE_DATA_1_0,
            Namespaces.SERVICE_DATA_ROOT, "node-1", Clock.fixed(Instant.parse("2026-12-04T19:00:00Z"), ZoneOffset.UTC));

    @BeforeAll
    static void keys() {
        gateway = GostKeys.generate("МОКУ gateway");
        signer = new XmlSmevSigner(new XmlSigner(gateway), Schedulers.boundedElastic());
    }

    @Test
    void aSignedGetResponseCarriesTheCallersSignatureOverMessageTypeSelector() {
        StepVerifier.create(signer.sign(REQUESTS.getResponseRequest(), SmevRequests.SIGNED_ELEMENT_ID))
                .assertNext(signed -> assertThat(verify(signed, "MessageTypeSelector", gateway))
                        .isInstanceOf(Verification.Valid.class))
                .verifyComplete();
    }

    @Test
    void aSignedAckCarriesTheCallersSignatureOverAckTargetMessage() {
        StepVerifier.create(signer.sign(REQUESTS.ackRequest(UUID.randomUUID().toString()),
                        SmevRequests.SIGNED_ELEMENT_ID))
                .assertNext(signed -> assertThat(verify(signed, "AckTargetMessage", gateway))
                        .isInstanceOf(Verification.Valid.class))
                .verifyComplete();
    }

    @Test
    void theSignatureIsTheLastChildOfTheOperationAsTheSchemaOrdersIt() {
        Document document = parse(signer.signNow(REQUESTS.getResponseRequest(), SmevRequests.SIGNED_ELEMENT_ID));
        Element operation = (Element) document.getElementsByTagNameNS(Namespaces.SMEV_TYPES, "GetResponseRequest")
                .item(0);

        Element last = lastElementChild(operation);
        assertThat(last.getLocalName()).isEqualTo(XmlSmevSigner.CONTAINER);
        assertThat(last.getNamespaceURI()).isEqualTo(Namespaces.SMEV_TYPES);
    }

    @Test
    void aSelectorChangedAfterSigningNoLongerVerifies() {
        String signed = signer.signNow(REQUESTS.getResponseRequest(), SmevRequests.SIGNED_ELEMENT_ID);
        String tampered = signed.replace("node-1", "node-2");

        assertThat(verify(tampered, "MessageTypeSelector", gateway)).isInstanceOf(Verification.Invalid.class);
    }

    @Test
    void aVerifierTrustingAnotherCertificateRefusesTheSignature() {
        String signed = signer.signNow(REQUESTS.ackRequest("m-1"), SmevRequests.SIGNED_ELEMENT_ID);

        assertThat(verify(signed, "AckTargetMessage", GostKeys.generate("somebody else")))
                .isInstanceOf(Verification.Invalid.class);
    }

    private static Verification verify(String envelope, String signedLocalName, SigningKey trusted) {
        return CallerSignatures.verify(envelope, signedLocalName, trusted);
    }

    private static Document parse(String xml) {
        return CallerSignatures.parse(xml);
    }

    private static Element lastElementChild(Element parent) {
        Element last = null;
        for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                last = element;
            }
        }
        return last;
    }
}
