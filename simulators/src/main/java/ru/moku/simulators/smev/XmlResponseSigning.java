package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.XmlSigner;

/**
 * Signs delivered responses as real traffic is signed (types 1.3): the sending information system's
 * {@code Response/SenderInformationSystemSignature} over {@code SenderProvidedResponseData} with the sender's key, then
 * SMEV's {@code ResponseMessage/SMEVSignature} over {@code Response} (the sender's signature included) with SMEV's
 * key; attachments get PKCS#7 detached signatures with the sender's key. Thread-safe; CPU work for the crypto pool.
 */
final class XmlResponseSigning implements ResponseSigning {

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String SOAP = Namespaces.SOAP_ENVELOPE;

    private final XmlSigner smev;
    private final XmlSigner sender;
    private final SigningKey senderKey;

    XmlResponseSigning(SigningKey smevKey, SigningKey senderKey) {
        this.smev = new XmlSigner(smevKey);
        this.sender = new XmlSigner(senderKey);
        this.senderKey = senderKey;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public String sign(String envelope, boolean tamper) {
        Document document = parse(envelope);
        Element responseMessage = Dom.child(document.getDocumentElement(), SOAP, "Body")
                .flatMap(Dom::firstChildElement)
                .flatMap(body -> Dom.child(body, TYPES, "ResponseMessage"))
                .orElseThrow(() -> new IllegalArgumentException("not a GetResponseResponse with a ResponseMessage"));
        Element response = Dom.child(responseMessage, TYPES, "Response").orElseThrow();
        sender.sign(document, SmevSoap.SENDER_DATA_ID, appendContainer(response, "SenderInformationSystemSignature"));
        smev.sign(document, SmevSoap.RESPONSE_ID, appendContainer(responseMessage, "SMEVSignature"));
        if (tamper) {
            Tampering.alter(response);
        }
        return serialise(document);
    }

    @Override
    public byte[] signDetached(byte[] content) {
        return DetachedSignatures.sign(senderKey, content);
    }

    /** The schema puts both signature containers last in their parents. */
    private static Element appendContainer(Element parent, String localName) {
        Element container = parent.getOwnerDocument().createElementNS(TYPES, "ns2:" + localName);
        parent.appendChild(container);
        return container;
    }

    private static Document parse(String envelope) {
        try {
            return SecureXml.documentBuilder().parse(new InputSource(new StringReader(envelope)));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("the simulator's own envelope is not well-formed", e);
        }
    }

    private static String serialise(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("a signed envelope cannot be serialised", e);
        }
    }
}
