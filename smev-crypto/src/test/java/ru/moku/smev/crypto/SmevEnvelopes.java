package ru.moku.smev.crypto;

import java.io.IOException;
import java.io.StringReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import ru.moku.model.xml.SecureXml;

/** SMEV 3 (message exchange 1.3) messages written by hand for the tests, and DOM helpers. */
final class SmevEnvelopes {

    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String TYPES = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";
    static final String BASIC = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3";
    static final String DATA = "urn://moku-platform/service-data/1.0";

    /** A GetResponse answer: Response (Id "response") holding SenderProvidedResponseData (Id "data"). */
    static final String GET_RESPONSE_RESPONSE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Body>
                <ns2:GetResponseResponse xmlns:ns2="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3"
                    xmlns:ns3="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3">
                  <ns2:ResponseMessage>
                    <ns2:Response Id="response">
                      <ns2:OriginalMessageId>6d9f9f4e-2a3b-11ef-8000-0242ac120002</ns2:OriginalMessageId>
                      <ns2:SenderProvidedResponseData Id="data">
                        <ns2:MessageID>7a1c2d3e-2a3b-11ef-8000-0242ac120002</ns2:MessageID>
                        <ns2:To>moku</ns2:To>
                        <ns3:MessagePrimaryContent>
                          <ServiceData xmlns="urn://moku-platform/service-data/1.0" version="1.0">
                            <ServiceCard><Inn>7707083893</Inn><Note/></ServiceCard>
                          </ServiceData>
                        </ns3:MessagePrimaryContent>
                      </ns2:SenderProvidedResponseData>
                      <ns2:MessageMetadata><ns2:MessageId>7a1c2d3e</ns2:MessageId></ns2:MessageMetadata>
                    </ns2:Response>
                  </ns2:ResponseMessage>
                </ns2:GetResponseResponse>
              </soap:Body>
            </soap:Envelope>
            """;

    /** A GetResponse request: MessageTypeSelector (Id "selector") to be signed by the caller. */
    static final String GET_RESPONSE_REQUEST = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
              <soap:Body>
                <tns:GetResponseRequest xmlns:tns="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3">
                  <basic:MessageTypeSelector Id="selector"
                      xmlns:basic="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3">
                    <basic:Timestamp>2026-12-04T19:00:00Z</basic:Timestamp>
                  </basic:MessageTypeSelector>
                </tns:GetResponseRequest>
              </soap:Body>
            </soap:Envelope>
            """;

    private SmevEnvelopes() {
    }

    static Document parse(String xml) {
        try {
            return SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml.strip())));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The first element with that namespace and local name. */
    static Element element(Document document, String namespace, String localName) {
        NodeList found = document.getElementsByTagNameNS(namespace, localName);
        if (found.getLength() == 0) {
            throw new IllegalArgumentException("no " + localName);
        }
        return (Element) found.item(0);
    }
}
