package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.moku.smev.crypto.SmevEnvelopes.BASIC;
import static ru.moku.smev.crypto.SmevEnvelopes.DATA;
import static ru.moku.smev.crypto.SmevEnvelopes.TYPES;
import static ru.moku.smev.crypto.SmevEnvelopes.element;
import static ru.moku.smev.crypto.SmevEnvelopes.parse;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class XmlSignatureUnitTests {

    private static final SigningKey SMEV = GostKeys.generate("SMEV test");
    private static final SigningKey STRANGER = GostKeys.generate("Stranger");
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private final XmlSigner signer = new XmlSigner(SMEV);
    private final XmlSignatureVerifier verifier =
            new XmlSignatureVerifier(TrustedCertificates.of(List.of(SMEV.certificate())));

    /** The GetResponse answer with SMEVSignature (a child of ResponseMessage) signing Response. */
    private Document signedAnswer() {
        Document document = parse(SmevEnvelopes.GET_RESPONSE_RESPONSE);
        Element container = document.createElementNS(TYPES, "ns2:SMEVSignature");
        element(document, TYPES, "ResponseMessage").appendChild(container);
        signer.sign(document, "response", container);
        return document;
    }

    private Verification verifyAnswer(Document document) {
        return verifier.verify(element(document, TYPES, "SMEVSignature"), element(document, TYPES, "Response"));
    }

    @Test
    void aSignedElementVerifiesAndNamesItsSigner() {
        Verification verification = verifyAnswer(signedAnswer());

        assertThat(verification).isInstanceOf(Verification.Valid.class);
        assertThat(((Verification.Valid) verification).signer()).isEqualTo(SMEV.certificate());
    }

    @Test
    void theSignatureHasSmevsShape() {
        Document document = signedAnswer();
        Element signature = element(document, DSIG, "Signature");

        assertThat(signature.getParentNode().getLocalName()).isEqualTo("SMEVSignature");
        assertThat(element(document, DSIG, "CanonicalizationMethod").getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/10/xml-exc-c14n#");
        assertThat(element(document, DSIG, "SignatureMethod").getAttribute("Algorithm"))
                .isEqualTo("urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256");
        assertThat(element(document, DSIG, "Reference").getAttribute("URI")).isEqualTo("#response");
        var transforms = document.getElementsByTagNameNS(DSIG, "Transform");
        assertThat(transforms.getLength()).isEqualTo(2);
        assertThat(((Element) transforms.item(0)).getAttribute("Algorithm"))
                .isEqualTo("http://www.w3.org/2001/10/xml-exc-c14n#");
        assertThat(((Element) transforms.item(1)).getAttribute("Algorithm"))
                .isEqualTo("urn://smev-gov-ru/xmldsig/transform");
        assertThat(element(document, DSIG, "DigestMethod").getAttribute("Algorithm"))
                .isEqualTo("urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256");
        assertThat(Base64.getMimeDecoder().decode(element(document, DSIG, "DigestValue").getTextContent())).hasSize(32);
        assertThat(Base64.getMimeDecoder().decode(element(document, DSIG, "SignatureValue").getTextContent()))
                .hasSize(64);
        assertThat(element(document, DSIG, "X509Certificate").getTextContent()).isNotBlank();
    }

    @Test
    void aChangedSignedTextIsADigestMismatch() {
        Document document = signedAnswer();
        element(document, DATA, "Inn").setTextContent("7707083894");

        assertThat(verifyAnswer(document)).isEqualTo(new Verification.Invalid(
                "digest mismatch: <Response Id=\"response\"> changed after signing"));
    }

    @Test
    void aChangedSignedInfoFailsTheSignatureValue() {
        Document document = signedAnswer();
        Element digestValue = element(document, DSIG, "DigestValue");
        byte[] digest = Base64.getMimeDecoder().decode(digestValue.getTextContent());
        digest[0] ^= 1;
        digestValue.setTextContent(Base64.getEncoder().encodeToString(digest));

        assertThat(reason(verifyAnswer(document))).startsWith("signature value does not verify");
    }

    @Test
    void aSignatureByAnUntrustedCertificateIsRefused() {
        Document document = parse(SmevEnvelopes.GET_RESPONSE_RESPONSE);
        Element container = document.createElementNS(TYPES, "ns2:SMEVSignature");
        element(document, TYPES, "ResponseMessage").appendChild(container);
        new XmlSigner(STRANGER).sign(document, "response", container);

        assertThat(reason(verifyAnswer(document))).startsWith("untrusted certificate CN=Stranger");
    }

    @Test
    void aTrustedCertificatePastedIntoAnotherKeysSignatureFailsTheSignatureValue() throws Exception {
        Document document = parse(SmevEnvelopes.GET_RESPONSE_RESPONSE);
        Element container = document.createElementNS(TYPES, "ns2:SMEVSignature");
        element(document, TYPES, "ResponseMessage").appendChild(container);
        new XmlSigner(STRANGER).sign(document, "response", container);
        element(document, DSIG, "X509Certificate")
                .setTextContent(Base64.getEncoder().encodeToString(SMEV.certificate().getEncoded()));

        assertThat(reason(verifyAnswer(document))).startsWith("signature value does not verify");
    }

    @Test
    void aTransformOtherThanSmevsIsRefused() {
        Document document = signedAnswer();
        Element transform = document.createElementNS(DSIG, "ds:Transform");
        transform.setAttribute("Algorithm", "http://www.w3.org/2000/09/xmldsig#enveloped-signature");
        element(document, DSIG, "Transforms").appendChild(transform);

        assertThat(reason(verifyAnswer(document)))
                .isEqualTo("unexpected transform http://www.w3.org/2000/09/xmldsig#enveloped-signature");
    }

    @Test
    void aSignatureWithoutSignedInfoIsMalformed() {
        Document document = signedAnswer();
        Element signedInfo = element(document, DSIG, "SignedInfo");
        signedInfo.getParentNode().removeChild(signedInfo);

        assertThat(reason(verifyAnswer(document))).startsWith("malformed signature");
    }

    @Test
    void aSignatureOverAnotherElementDoesNotCoverTheExpectedOne() {
        Document document = parse(SmevEnvelopes.GET_RESPONSE_RESPONSE);
        Element container = document.createElementNS(TYPES, "ns2:SMEVSignature");
        element(document, TYPES, "ResponseMessage").appendChild(container);
        signer.sign(document, "data", container);

        assertThat(reason(verifyAnswer(document)))
                .isEqualTo("the reference \"#data\" does not cover the expected element <Response Id=\"response\">");
    }

    @Test
    void aWrappedCopyOfTheSignedElementWithTheSameIdIsRefused() {
        Document document = signedAnswer();
        // Signature wrapping: the signed original is kept (hidden) and a forged copy with the same Id takes its place.
        Element response = element(document, TYPES, "Response");
        Element forged = (Element) response.cloneNode(true);
        forged.getElementsByTagNameNS(DATA, "Inn").item(0).setTextContent("0000000000");
        Element hiding = document.createElementNS("urn:attacker", "a:Hidden");
        response.getParentNode().replaceChild(forged, response);
        hiding.appendChild(response);
        document.getDocumentElement().appendChild(hiding);

        assertThat(reason(verifier.verify(element(document, TYPES, "SMEVSignature"), forged)))
                .isEqualTo("2 elements carry Id \"response\": the reference is ambiguous");
    }

    @Test
    void aMissingSignatureIsReportedAsMissing() {
        Document document = parse(SmevEnvelopes.GET_RESPONSE_RESPONSE);
        Element container = document.createElementNS(TYPES, "ns2:SMEVSignature");
        element(document, TYPES, "ResponseMessage").appendChild(container);

        assertThat(reason(verifyAnswer(document))).startsWith("missing signature: no ds:Signature in <SMEVSignature>");
        assertThat(reason(verifier.verify(null, element(document, TYPES, "Response"))))
                .startsWith("missing signature");
    }

    @Test
    void theSignatureSurvivesReSerialisationWithOtherPrefixesAndWhitespace() {
        Document document = signedAnswer();
        String signed = SmevTestXml.serialise(document);
        // An intermediary re-serialises: other prefixes, no indentation, empty elements collapsed.
        String rewritten = signed.replace("ns2:", "t:").replace("xmlns:ns2=", "xmlns:t=")
                .replace("ns3:", "b:").replace("xmlns:ns3=", "xmlns:b=")
                .replaceAll(">\\s+<", "><").replace("<Note></Note>", "<Note/>");
        Document reparsed = parse(rewritten);

        assertThat(verifyAnswer(reparsed)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void signEnvelopePutsTheContainerLastInTheOperationAndVerifies() {
        String signed = signer.signEnvelope(SmevEnvelopes.GET_RESPONSE_REQUEST, "selector", TYPES,
                "CallerInformationSystemSignature");

        Document document = parse(signed);
        Element operation = element(document, TYPES, "GetResponseRequest");
        Node last = operation.getLastChild();
        assertThat(last.getLocalName()).isEqualTo("CallerInformationSystemSignature");
        assertThat(last.getNamespaceURI()).isEqualTo(TYPES);
        assertThat(verifier.verify((Element) last, element(document, BASIC, "MessageTypeSelector")))
                .isInstanceOf(Verification.Valid.class);
    }

    @Test
    void aContainerOfAnotherNamespaceIsDeclaredWhereItIsCreated() {
        String signed = signer.signEnvelope(SmevEnvelopes.GET_RESPONSE_REQUEST, "selector", "urn:elsewhere",
                "Signature");

        Document document = parse(signed);
        Element container = element(document, "urn:elsewhere", "Signature");
        assertThat(container.getParentNode().getLocalName()).isEqualTo("GetResponseRequest");
        assertThat(verifier.verify(container, element(document, BASIC, "MessageTypeSelector")))
                .isInstanceOf(Verification.Valid.class);
    }

    @Test
    void signersAndVerifiersServeManyThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Verification>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(threads.submit(() -> verifyAnswer(signedAnswer())));
            }
            for (Future<Verification> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isInstanceOf(Verification.Valid.class);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void signingAnIdThatIsNotThereIsRefused() {
        assertThatThrownBy(() -> signer.signEnvelope(SmevEnvelopes.GET_RESPONSE_REQUEST, "nope", TYPES,
                "CallerInformationSystemSignature"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no element with Id \"nope\" to sign");
    }

    private static String reason(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Invalid.class);
        return ((Verification.Invalid) verification).reason();
    }
}
