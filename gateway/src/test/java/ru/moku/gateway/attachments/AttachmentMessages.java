package ru.moku.gateway.attachments;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import ru.moku.model.xml.SecureXml;

/**
 * SMEV 1.3 {@code ResponseMessage} documents with attachments, written from the schemas
 * ({@code smev-message-exchange-types-1.3.xsd}, {@code …-basic-1.3.xsd}): headers in
 * {@code SenderProvidedResponseData}, contents in {@code AttachmentContentList}, file references in
 * {@code FSAttachmentsList}. Foreign prefixes on purpose ({@code t:}, {@code b:}), as other integrators write them.
 */
final class AttachmentMessages {

    static final String TYPES = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";
    static final String BASIC = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3";

    private final List<String> headers = new ArrayList<>();
    private final List<String> contents = new ArrayList<>();
    private final List<String> refHeaders = new ArrayList<>();
    private final List<String> fsFiles = new ArrayList<>();

    static AttachmentMessages message() {
        return new AttachmentMessages();
    }

    /** An attachment whose content is the MTOM part {@code cid}. */
    AttachmentMessages mtom(String contentId, String mimeType, byte[] pkcs7, String cid) {
        header(contentId, mimeType, pkcs7);
        contents.add("<b:AttachmentContent><b:Id>" + contentId + "</b:Id><b:Content>"
                + "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:" + cid + "\"/>"
                + "</b:Content></b:AttachmentContent>");
        return this;
    }

    /** An attachment whose content is inline base64. */
    AttachmentMessages inline(String contentId, String mimeType, byte[] pkcs7, byte[] content) {
        header(contentId, mimeType, pkcs7);
        contents.add("<b:AttachmentContent><b:Id>" + contentId + "</b:Id><b:Content>"
                + Base64.getMimeEncoder().encodeToString(content) + "</b:Content></b:AttachmentContent>");
        return this;
    }

    /** Only the header: its content is missing. */
    AttachmentMessages header(String contentId, String mimeType, byte[] pkcs7) {
        headers.add("<b:AttachmentHeader><b:contentId>" + contentId + "</b:contentId><b:MimeType>" + mimeType
                + "</b:MimeType>" + signature(pkcs7) + "</b:AttachmentHeader>");
        return this;
    }

    /** Only the content: its header is missing. */
    AttachmentMessages contentOnly(String contentId, byte[] content) {
        contents.add("<b:AttachmentContent><b:Id>" + contentId + "</b:Id><b:Content>"
                + Base64.getEncoder().encodeToString(content) + "</b:Content></b:AttachmentContent>");
        return this;
    }

    /** A file on the file storage. */
    AttachmentMessages file(String uuid, String fileName, String hash, String mimeType, byte[] pkcs7, String user,
                            String password) {
        refHeaders.add("<b:RefAttachmentHeader><b:uuid>" + uuid + "</b:uuid><b:FileName>" + fileName
                + "</b:FileName><b:Hash>" + hash + "</b:Hash><b:MimeType>" + mimeType + "</b:MimeType>"
                + signature(pkcs7) + "</b:RefAttachmentHeader>");
        fsFiles.add("<b:FSAttachment><b:uuid>" + uuid + "</b:uuid><b:UserName>" + user + "</b:UserName><b:Password>"
                + password + "</b:Password><b:FileName>" + fileName + "</b:FileName></b:FSAttachment>");
        return this;
    }

    String xml() {
        String messageId = UUID.randomUUID().toString();
        return """
                <t:ResponseMessage xmlns:t="%s" xmlns:b="%s">
                  <t:Response Id="SIGNED_BY_SMEV">
                    <t:OriginalMessageId>%s</t:OriginalMessageId>
                    <t:SenderProvidedResponseData Id="SIGNED_BY_PROVIDER">
                      <t:MessageID>%s</t:MessageID>
                      <t:To>eyJzaWQiOjF9</t:To>
                      <b:MessagePrimaryContent><sd:ServiceData xmlns:sd="urn://moku-platform/service-data/1.0"/></b:MessagePrimaryContent>
                      %s
                      %s
                    </t:SenderProvidedResponseData>
                    <t:MessageMetadata><t:MessageId>%s</t:MessageId><t:MessageType>RESPONSE</t:MessageType></t:MessageMetadata>
                    %s
                  </t:Response>
                  %s
                </t:ResponseMessage>""".formatted(TYPES, BASIC, messageId, messageId,
                list("AttachmentHeaderList", headers), list("RefAttachmentHeaderList", refHeaders), messageId,
                list("FSAttachmentsList", fsFiles), list("AttachmentContentList", contents));
    }

    Element element() {
        return parse(xml());
    }

    static Element parse(String xml) {
        try {
            return SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String list(String name, List<String> entries) {
        return entries.isEmpty() ? "" : "<b:" + name + ">" + String.join("", entries) + "</b:" + name + ">";
    }

    private static String signature(byte[] pkcs7) {
        return pkcs7 == null ? "" : "<b:SignaturePKCS7>" + Base64.getEncoder().encodeToString(pkcs7)
                + "</b:SignaturePKCS7>";
    }
}
