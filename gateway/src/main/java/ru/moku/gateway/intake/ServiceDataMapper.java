package ru.moku.gateway.intake;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.w3c.dom.Element;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Ids;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;

/**
 * Splits a schema-valid {@code ServiceData} document (service data 1.0) into service cards, one per
 * {@code ServiceCard} element, each with a new card id (= its integration instance id). Identifiers
 * are passed on as delivered: their check digits are card-processor's business (seed 000 step 6).
 */
public final class ServiceDataMapper {

    private static final String SD = Namespaces.SERVICE_DATA_1_0;

    private final Supplier<UUID> cardIds;

    public ServiceDataMapper() {
        this(Ids::next);
    }

    ServiceDataMapper(Supplier<UUID> cardIds) {
        this.cardIds = cardIds;
    }

    /**
     * The cards of {@code serviceData}, in document order.
     *
     * @throws SplitException when a card cannot be represented (e.g. a date outside the supported range)
     */
    public List<ServiceCard> split(Element serviceData, UUID rawMessageId, String smevMessageId) throws SplitException {
        if (!Dom.is(serviceData, SD, Namespaces.SERVICE_DATA_ROOT)) {
            throw new SplitException("not a service data 1.0 document: " + Dom.qualifiedName(serviceData));
        }
        List<Element> cardElements = Dom.childrenNamed(serviceData, SD, "ServiceCard");
        if (cardElements.isEmpty()) {
            throw new SplitException("ServiceData holds no ServiceCard");
        }
        List<ServiceCard> cards = new ArrayList<>(cardElements.size());
        for (int position = 0; position < cardElements.size(); position++) {
            try {
                cards.add(card(cardElements.get(position), rawMessageId, smevMessageId, position));
            } catch (SplitException e) {
                throw new SplitException("ServiceCard #" + (position + 1) + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new SplitException("ServiceCard #" + (position + 1) + ": " + e, e);
            }
        }
        return cards;
    }

    private ServiceCard card(Element card, UUID rawMessageId, String smevMessageId, int position)
            throws SplitException {
        return new ServiceCard(
                cardIds.get(),
                rawMessageId,
                smevMessageId,
                position,
                required(card, "ServiceCode"),
                required(card, "ApplicationNumber"),
                date(required(card, "ApplicationDate")),
                organisation(requiredChild(card, "Organisation")),
                founder(requiredChild(card, "Founder")));
    }

    private static ServiceCard.Organisation organisation(Element organisation) throws SplitException {
        return new ServiceCard.Organisation(
                required(organisation, "Name"),
                required(organisation, "INN"),
                required(organisation, "OGRN"),
                optional(organisation, "KPP"),
                optional(organisation, "Address"));
    }

    private static ServiceCard.Founder founder(Element founder) throws SplitException {
        Element legalEntity = Dom.child(founder, SD, "LegalEntity").orElse(null);
        if (legalEntity != null) {
            return ServiceCard.Founder.legalEntity(
                    required(legalEntity, "Name"),
                    required(legalEntity, "INN"),
                    required(legalEntity, "OGRN"));
        }
        Element person = Dom.child(founder, SD, "Person").orElseThrow(() ->
                new SplitException("Founder is neither LegalEntity nor Person"));
        return ServiceCard.Founder.person(
                required(person, "LastName"),
                required(person, "FirstName"),
                optional(person, "MiddleName"),
                required(person, "INN"),
                optional(person, "OGRNIP"));
    }

    /**
     * An {@code xs:date}. Its time zone, if any, is dropped (the application date is a calendar
     * date); years beyond four digits are valid XML Schema but not a date the platform handles.
     */
    private static LocalDate date(String text) throws SplitException {
        try {
            return LocalDate.from(DateTimeFormatter.ISO_DATE.parse(text));
        } catch (DateTimeException e) {
            throw new SplitException("ApplicationDate '" + text + "' is not a date the platform can handle: "
                    + e.getMessage(), e);
        }
    }

    private static Element requiredChild(Element parent, String localName) throws SplitException {
        return Dom.child(parent, SD, localName).orElseThrow(() ->
                new SplitException(parent.getLocalName() + " has no " + localName));
    }

    private static String required(Element parent, String localName) throws SplitException {
        return Dom.childText(parent, SD, localName).orElseThrow(() ->
                new SplitException(parent.getLocalName() + " has no " + localName));
    }

    private static String optional(Element parent, String localName) {
        return Dom.childText(parent, SD, localName).orElse(null);
    }
}
