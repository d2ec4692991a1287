package ru.moku.model.xml;

import java.util.Set;

/** XML namespaces of SMEV 3 (message exchange 1.3), SOAP and our service data. */
public final class Namespaces {

    public static final String SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SMEV_TYPES = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";
    public static final String SMEV_BASIC = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3";
    public static final String SMEV_FAULTS = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/faults/1.3";

    /** Service data, version 1.0 (see {@code xsd/service-data/1.0/service-data.xsd}). */
    public static final String SERVICE_DATA_1_0 = "urn://moku-platform/service-data/1.0";
    /** Root element of the service data inside {@code MessagePrimaryContent}. */
    public static final String SERVICE_DATA_ROOT = "ServiceData";
    /** The service-data versions the gateway understands. */
    public static final Set<String> SUPPORTED_SERVICE_DATA = Set.of(SERVICE_DATA_1_0);

    private Namespaces() {
    }
}
