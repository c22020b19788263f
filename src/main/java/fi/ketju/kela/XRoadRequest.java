package fi.ketju.kela;

import fi.ketju.identity.BusinessId;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.mapping.SchemaViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A request of X-Road message protocol v4.0 (SOAP 1.1): the envelope, its SOAP header with the X-Road fields,
 * and the one body element, read and checked by the rules of the protocol (PR-MESS 2.2, 2.3) and Ketju's.
 * Fields are named by their path in the envelope, in local names (e.g. /Envelope/Header/client/memberCode).
 */
record XRoadRequest(Document document, Element header, Element body) {

    static final String SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String XROAD = "http://x-road.eu/xsd/xroad.xsd";
    static final String IDENTIFIERS = "http://x-road.eu/xsd/identifiers";

    /** PR-MESS 2.2: the version "MUST be 4.0", and any 4.x is compatible with it. */
    private static final Pattern PROTOCOL_VERSION = Pattern.compile("4\\.[0-9]+");
    /** The X-Road id is the sender's message id in the canonical message, which allows at most this. */
    private static final int MAX_ID_LENGTH = 200;
    private static final String HEADER = "/Envelope/Header";

    /**
     * Reads a request addressed to {@code provider}.
     *
     * @throws InvalidMessageException naming every rule the request breaks
     */
    static XRoadRequest read(Document document, XRoadSettings.XRoadIdentifier provider) {
        Element envelope = document.getDocumentElement();
        if (!isSoap(envelope, "Envelope")) {
            throw new InvalidMessageException("/" + envelope.getLocalName(), "soap-envelope",
                    "the root element must be a SOAP 1.1 Envelope in " + SOAP_ENVELOPE);
        }
        List<SchemaViolation> violations = new ArrayList<>();
        Element body = body(envelope, violations);
        Element header = child(envelope, SOAP_ENVELOPE, "Header");
        if (header == null) {
            violations.add(new SchemaViolation(HEADER, "required", "the X-Road fields travel in the SOAP Header, which is missing"));
        } else {
            checkHeader(header, body, provider, violations);
        }
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        return new XRoadRequest(document, header, body);
    }

    private static Element body(Element envelope, List<SchemaViolation> violations) {
        Element soapBody = child(envelope, SOAP_ENVELOPE, "Body");
        List<Element> elements = soapBody == null ? List.of() : children(soapBody);
        if (elements.size() != 1) {
            violations.add(new SchemaViolation("/Envelope/Body", "soap-body",
                    "must hold exactly one element, the request to the X-Road service; it holds " + elements.size()));
            return null;
        }
        return elements.get(0);
    }

    private static void checkHeader(Element header, Element body, XRoadSettings.XRoadIdentifier provider,
            List<SchemaViolation> violations) {
        String version = text(header, XROAD, "protocolVersion");
        if (version == null) {
            violations.add(new SchemaViolation(HEADER + "/protocolVersion", "required", "the X-Road protocol version is missing"));
        } else if (!PROTOCOL_VERSION.matcher(version).matches()) {
            violations.add(new SchemaViolation(HEADER + "/protocolVersion", "xroad-protocol-version",
                    "must be 4.x: this service speaks X-Road message protocol 4.x"));
        }

        String id = text(header, XROAD, "id");
        if (id == null || id.isBlank()) {
            violations.add(new SchemaViolation(HEADER + "/id", "required", "the message's unique id is missing"));
        } else if (id.length() > MAX_ID_LENGTH) {
            violations.add(new SchemaViolation(HEADER + "/id", "maxLength", "must be at most " + MAX_ID_LENGTH + " characters"));
        }

        Element client = child(header, XROAD, "client");
        if (client == null) {
            violations.add(new SchemaViolation(HEADER + "/client", "required", "the X-Road client is missing"));
        } else {
            BusinessId.problem(text(client, IDENTIFIERS, "memberCode")).ifPresent(problem -> violations.add(
                    new SchemaViolation(HEADER + "/client/memberCode", "fi-business-id",
                            "a Finnish member code is the business ID, which " + problem)));
        }

        Element service = child(header, XROAD, "service");
        if (service == null) {
            violations.add(new SchemaViolation(HEADER + "/service", "required", "the X-Road service is missing"));
            return;
        }
        String addressed = Stream.of("xRoadInstance", "memberClass", "memberCode", "subsystemCode")
                .map(field -> String.valueOf(text(service, IDENTIFIERS, field)))
                .collect(Collectors.joining("/"));
        if (!addressed.equals(provider.subsystem())) {
            violations.add(new SchemaViolation(HEADER + "/service", "xroad-service",
                    "is a service of " + addressed + ", not of " + provider.subsystem()));
        }
        String serviceCode = text(service, IDENTIFIERS, "serviceCode");
        if (body != null && !body.getLocalName().equals(serviceCode)) {
            violations.add(new SchemaViolation(HEADER + "/service/serviceCode", "xroad-service-code",
                    "is '" + serviceCode + "' but the body element is '" + body.getLocalName()
                            + "'; X-Road requires them to be the same (document/literal wrapped)"));
        }
    }

    static boolean isSoap(Element element, String localName) {
        return SOAP_ENVELOPE.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }

    static Element child(Element parent, String namespace, String localName) {
        return children(parent).stream()
                .filter(child -> namespace.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName()))
                .findFirst()
                .orElse(null);
    }

    private static String text(Element parent, String namespace, String localName) {
        Element child = child(parent, namespace, localName);
        return child == null ? null : child.getTextContent();
    }

    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
