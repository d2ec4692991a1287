package ru.moku.gateway.attachments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;

/**
 * Reads which attachments an SMEV 1.3 {@code ResponseMessage} declares, joining each header with its content:
 * <ul>
 *   <li>{@code Response/SenderProvidedResponseData/AttachmentHeaderList/AttachmentHeader} (contentId, MimeType,
 *       SignaturePKCS7) with {@code ResponseMessage/AttachmentContentList/AttachmentContent} (Id, Content): the
 *       Content is an {@code xop:Include href="cid:…"} naming an MTOM part, or base64 text;</li>
 *   <li>{@code Response/SenderProvidedResponseData/RefAttachmentHeaderList/RefAttachmentHeader} (uuid, FileName,
 *       Hash, MimeType, SignaturePKCS7) with {@code Response/FSAttachmentsList/FSAttachment} (uuid, UserName,
 *       Password, FileName): a file on SMEV's file storage.</li>
 * </ul>
 * A header without its content, a content without its header, a reference without its credentials (or the other
 * way round), a repeated id, or a signature that is not base64 make the message unacceptable: SMEV calls that
 * {@code AttachmentContentMiscoordination}. Pure DOM reading, thread-safe.
 */
public final class AttachmentDeclarations {

    /** XOP's namespace ({@code xop:Include}), W3C XML-binary Optimized Packaging. */
    public static final String XOP = "http://www.w3.org/2004/08/xop/include";

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;
    private static final String CID = "cid:";

    private AttachmentDeclarations() {
    }

    /**
     * The attachments {@code message} declares, in document order (embedded ones first, then file references).
     *
     * @param message {@code ResponseMessage} (or its {@code Response}); {@code null} (nothing readable) declares none
     * @throws AttachmentRefusedException when the declarations do not match up
     */
    public static List<DeclaredAttachment> read(Element message) {
        if (message == null) {
            return List.of();
        }
        Element response = Dom.is(message, TYPES, "Response") ? message
                : Dom.child(message, TYPES, "Response").orElse(null);
        if (response == null) {
            return List.of();
        }
        Optional<Element> data = Dom.child(response, TYPES, "SenderProvidedResponseData");
        List<DeclaredAttachment> declared = new ArrayList<>();
        declared.addAll(embedded(data, Dom.is(message, TYPES, "Response") ? Optional.empty()
                : Dom.child(message, BASIC, "AttachmentContentList")));
        declared.addAll(references(data, Dom.child(response, BASIC, "FSAttachmentsList")));
        return List.copyOf(declared);
    }

    private static List<DeclaredAttachment> embedded(Optional<Element> data, Optional<Element> contentList) {
        Map<String, Element> headers = byId(data.flatMap(d -> Dom.child(d, BASIC, "AttachmentHeaderList")),
                "AttachmentHeader", "contentId");
        Map<String, Element> contents = byId(contentList, "AttachmentContent", "Id");
        mustMatch(headers, contents, "AttachmentHeader", "AttachmentContent");
        List<DeclaredAttachment> declared = new ArrayList<>();
        headers.forEach((id, header) -> {
            Element content = Dom.child(contents.get(id), BASIC, "Content").orElseThrow(() ->
                    refused("AttachmentContent " + id + " has no Content"));
            Optional<Element> include = Dom.child(content, XOP, "Include");
            String partId = include.map(AttachmentDeclarations::partId).orElse(null);
            String inline = include.isPresent() ? null : Dom.text(content).strip();
            declared.add(new DeclaredAttachment.Embedded(id, mimeType(header, id),
                    Dom.childText(header, BASIC, "NamespaceUri").orElse(null), signature(header, id), partId, inline));
        });
        return declared;
    }

    private static List<DeclaredAttachment> references(Optional<Element> data, Optional<Element> fsList) {
        Map<String, Element> headers = byId(data.flatMap(d -> Dom.child(d, BASIC, "RefAttachmentHeaderList")),
                "RefAttachmentHeader", "uuid");
        Map<String, Element> files = byId(fsList, "FSAttachment", "uuid");
        mustMatch(headers, files, "RefAttachmentHeader", "FSAttachment");
        List<DeclaredAttachment> declared = new ArrayList<>();
        headers.forEach((uuid, header) -> {
            Element file = files.get(uuid);
            String hash = Dom.childText(header, BASIC, "Hash").filter(text -> !text.isBlank()).orElseThrow(() ->
                    refused("RefAttachmentHeader " + uuid + " has no Hash"));
            declared.add(new DeclaredAttachment.FileReference(uuid,
                    Dom.childText(header, BASIC, "FileName").orElse(null),
                    Dom.childText(header, BASIC, "NamespaceUri").orElse(null),
                    hash.strip(), mimeType(header, uuid), signature(header, uuid),
                    required(file, "UserName", uuid), required(file, "Password", uuid),
                    required(file, "FileName", uuid)));
        });
        return declared;
    }

    /** The entries of a list element by the text of their id child, refusing repeated ids. */
    private static Map<String, Element> byId(Optional<Element> list, String entryName, String idName) {
        Map<String, Element> byId = new LinkedHashMap<>();
        list.ifPresent(present -> {
            for (Element entry : Dom.childrenNamed(present, BASIC, entryName)) {
                String id = Dom.childText(entry, BASIC, idName).map(String::strip).filter(text -> !text.isEmpty())
                        .orElseThrow(() -> refused(entryName + " without " + idName));
                if (byId.putIfAbsent(id, entry) != null) {
                    throw refused("two " + entryName + " elements with " + idName + " " + id);
                }
            }
        });
        return byId;
    }

    private static void mustMatch(Map<String, Element> headers, Map<String, Element> contents, String headerName,
                                  String contentName) {
        for (String id : headers.keySet()) {
            if (!contents.containsKey(id)) {
                throw refused(headerName + " " + id + " has no " + contentName);
            }
        }
        for (String id : contents.keySet()) {
            if (!headers.containsKey(id)) {
                throw refused(contentName + " " + id + " has no " + headerName);
            }
        }
    }

    private static String partId(Element include) {
        String href = include.getAttribute("href").strip();
        if (!href.regionMatches(true, 0, CID, 0, CID.length()) || href.length() == CID.length()) {
            throw refused("xop:Include href '" + href + "' is not a cid: URL");
        }
        return percentDecoded(href.substring(CID.length()));
    }

    /**
     * A {@code cid:} URL's id (RFC 2392): %hh escapes decoded as UTF-8; unlike form decoding, {@code +} stays
     * {@code +}.
     */
    static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }

    private static String mimeType(Element header, String id) {
        return Dom.childText(header, BASIC, "MimeType").map(String::strip).filter(text -> !text.isEmpty())
                .orElseThrow(() -> refused("attachment " + id + " has no MimeType"));
    }

    private static byte[] signature(Element header, String id) {
        Optional<String> text = Dom.childText(header, BASIC, "SignaturePKCS7").map(String::strip)
                .filter(value -> !value.isEmpty());
        try {
            return text.map(value -> Base64.getMimeDecoder().decode(value)).orElse(null);
        } catch (IllegalArgumentException e) {
            throw refused("the SignaturePKCS7 of attachment " + id + " is not base64: " + e.getMessage());
        }
    }

    private static String required(Element file, String name, String uuid) {
        return Dom.childText(file, BASIC, name).map(String::strip).filter(text -> !text.isEmpty())
                .orElseThrow(() -> refused("FSAttachment " + uuid + " has no " + name));
    }

    static AttachmentRefusedException refused(String reason) {
        return new AttachmentRefusedException(reason, false);
    }
}
