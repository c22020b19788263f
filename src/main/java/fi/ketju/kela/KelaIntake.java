package fi.ketju.kela;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.intake.AcceptedMessage;
import fi.ketju.intake.CanonicalIntake;
import fi.ketju.intake.InboundTranslation;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.intake.StrictUtf8;
import fi.ketju.intake.UnsupportedContentTypeException;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.mapping.XmlSchemas;
import fi.ketju.security.KetjuPrincipal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * What comes in through the Kela door: from the Kela partner, SOAP 1.1, well-formed XML, an X-Road request
 * addressed to Ketju, a message type Kela may send, a body that meets the family's schema; then the XSLT mapping
 * to canonical and the shared {@link CanonicalIntake}. Any failure refuses the whole message before anything is
 * stored.
 */
@Component
class KelaIntake implements InboundTranslation {

    static final String FAMILY = "kela";

    private final XRoadSettings xroad;
    private final TranslationTable translations;
    private final XmlSchemas schemas;
    private final MappingsInForce mappings;
    private final ObjectMapper json;
    private final CanonicalIntake canonicalIntake;

    KelaIntake(XRoadSettings xroad, TranslationTable translations, XmlSchemas schemas, MappingsInForce mappings,
            ObjectMapper json, CanonicalIntake canonicalIntake) {
        this.xroad = xroad;
        this.translations = translations;
        this.schemas = schemas;
        this.mappings = mappings;
        this.json = json;
        this.canonicalIntake = canonicalIntake;
    }

    /** The request as read, and the hub's answer to it. */
    record Received(XRoadRequest request, AcceptedMessage accepted) {
    }

    Received receive(KetjuPrincipal principal, String contentType, String idempotencyKey, byte[] body) {
        if (principal == null || !principal.isPartner(FAMILY)) {
            throw new AccessDeniedException("only the Kela partner may use this door");
        }
        checkContentType(contentType);
        XRoadRequest request;
        JsonNode canonical;
        try {
            request = XRoadRequest.read(parse(body), xroad.hub());
            canonical = canonical(mappings.current(), request, body);
        } catch (InvalidMessageException e) {
            throw e.withoutEchoesOf(body);
        }
        return new Received(request, canonicalIntake.accept(FAMILY, canonical, translations.inboundSenderField(FAMILY),
                translations.inboundMessageIdField(FAMILY), idempotencyKey));
    }

    @Override
    public Set<String> families() {
        return Set.of(FAMILY);
    }

    @Override
    public JsonNode toCanonical(MappingSet mappings, String family, String fileName, byte[] message) {
        try {
            return canonical(mappings, XRoadRequest.read(parse(message), xroad.hub()), message);
        } catch (InvalidMessageException e) {
            throw e.withoutEchoesOf(message);
        }
    }

    private JsonNode canonical(MappingSet mappings, XRoadRequest request, byte[] body) {
        String type = request.body().getLocalName();
        String mapping = translations.inbound(FAMILY, type).orElseThrow(() -> new InvalidMessageException(
                "/Envelope/Body/" + type, "message-type", "Kela may not send " + type + " to Ketju"));
        List<SchemaViolation> violations = schemas.validate(translations.inboundSchema(FAMILY), request.body());
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        Map<String, Object> parameters = new HashMap<>();
        CanonicalIntake.mappingVariables().forEach((name, value) -> parameters.put(name, value.asText()));
        parameters.put("request", request.document());
        try {
            return json(mappings.xslt(mapping, parameters), mapping);
        } catch (MappingException e) {
            throw InvalidMessageException.unreadable("/Envelope/Body/" + type, e, body);
        }
    }

    /** SOAP 1.1, which X-Road message protocol v4.0 is: text/xml (SOAP 1.2's application/soap+xml is not). */
    private static void checkContentType(String contentType) {
        boolean soap11;
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            // X-Road messages are UTF-8; a body in another charset would be read as something else than was sent.
            soap11 = type != null && MediaType.TEXT_XML.equalsTypeAndSubtype(type)
                    && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
        } catch (InvalidMediaTypeException e) {
            soap11 = false;
        }
        if (!soap11) {
            throw new UnsupportedContentTypeException(contentType, "text/xml in UTF-8 (SOAP 1.1, X-Road message protocol v4.0)");
        }
    }

    private static Document parse(byte[] body) {
        if (StrictUtf8.decode(body).isEmpty()) {
            throw new InvalidMessageException("/", "utf-8", "the body is not well-formed UTF-8");
        }
        try {
            return HardenedXml.parse(body);
        } catch (SAXException e) {
            throw new InvalidMessageException("/", "xml-well-formed", "not well-formed XML at " + HardenedXml.problem(e));
        }
    }

    private JsonNode json(String output, String mapping) {
        try {
            return json.readTree(output);
        } catch (JsonProcessingException e) {
            // Not e itself, nor its message: the door logs this hub fault, and Jackson's words quote the output, which
            // is the message (issue 14). Where it broke is enough to find the fault in the mapping.
            var at = e.getLocation();
            throw new IllegalStateException(mapping + " produced output that is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }
}
