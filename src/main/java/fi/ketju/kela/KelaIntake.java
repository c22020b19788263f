package fi.ketju.kela;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.intake.AcceptedMessage;
import fi.ketju.intake.CanonicalIntake;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.mapping.XmlSchemas;
import fi.ketju.mapping.XsltMappings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * What comes in through the Kela door: well-formed XML, an X-Road request addressed to Ketju, a message type Kela
 * may send, a body that meets the family's schema; then the XSLT mapping to canonical and the shared
 * {@link CanonicalIntake}. Any failure refuses the whole message before anything is stored.
 */
@Component
class KelaIntake {

    static final String FAMILY = "kela";

    private final XRoadSettings xroad;
    private final TranslationTable translations;
    private final XmlSchemas schemas;
    private final XsltMappings mappings;
    private final ObjectMapper json;
    private final CanonicalIntake canonicalIntake;

    KelaIntake(XRoadSettings xroad, TranslationTable translations, XmlSchemas schemas, XsltMappings mappings,
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

    Received receive(byte[] body) {
        XRoadRequest request = XRoadRequest.read(parse(body), xroad.hub());
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
        JsonNode canonical = canonical(mappings.apply(mapping, parameters), mapping);
        return new Received(request, canonicalIntake.accept(FAMILY, canonical, translations.inboundSenderField(FAMILY)));
    }

    private static Document parse(byte[] body) {
        try {
            return HardenedXml.parse(body);
        } catch (SAXException e) {
            throw new InvalidMessageException("/", "xml-well-formed", "not well-formed XML at " + HardenedXml.problem(e));
        }
    }

    private JsonNode canonical(String output, String mapping) {
        try {
            return json.readTree(output);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(mapping + " produced output that is not JSON", e);
        }
    }
}
