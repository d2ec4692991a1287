package ru.moku.simulators.smev;

import java.util.Optional;
import org.w3c.dom.Element;
import ru.moku.model.xml.Dom;

/**
 * The fields of a survey notification ({@code urn://moku-platform/survey-notification/1.0}, shared-model's
 * {@code xsd/survey-notification/1.0}) that the gateway sends to ЛК ЕПГУ (the state portal's personal account)
 * in a {@code SendRequestRequest} (seed 000 steps 12–15), read back so that tests can follow the link.
 *
 * @param applicationNumber {@code ApplicationNumber}
 * @param serviceCode       {@code ServiceCode}
 * @param originalMessageId {@code OriginalMessageId}, the SMEV message the card came in (may be null)
 * @param link              {@code SurveyLink}, the link into ЛКП with the signed token
 * @param expiresAt         {@code ExpiresAt}, as written
 */
public record SurveyNotification(String applicationNumber, String serviceCode, String originalMessageId,
                                 String link, String expiresAt) {

    /** Namespace of the notification, version 1.0. */
    public static final String NAMESPACE = "urn://moku-platform/survey-notification/1.0";
    static final String ROOT = "SurveyNotification";

    /** The notification in {@code content} (the element inside {@code MessagePrimaryContent}), if it is one. */
    static Optional<SurveyNotification> of(Element content) {
        if (!Dom.is(content, NAMESPACE, ROOT)) {
            return Optional.empty();
        }
        return Optional.of(new SurveyNotification(field(content, "ApplicationNumber"), field(content, "ServiceCode"),
                field(content, "OriginalMessageId"), field(content, "SurveyLink"), field(content, "ExpiresAt")));
    }

    private static String field(Element content, String localName) {
        return Dom.child(content, NAMESPACE, localName).map(Dom::text).orElse(null);
    }
}
