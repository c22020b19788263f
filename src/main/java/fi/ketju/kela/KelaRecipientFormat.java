package fi.ketju.kela;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientFormat;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.mapping.XmlSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

/**
 * Kela: an X-Road request (SOAP 1.1, message protocol v4.0) from Ketju's subsystem to Kela's service named as the
 * body. Before it may leave, it must pass the checks Ketju applies to what Kela sends it: the X-Road header rules,
 * addressed to Kela's subsystem, and a body that meets the family's schema. Kela's answer is judged by its SOAP body.
 */
@Component
class KelaRecipientFormat implements RecipientFormat {

    private static final String TEXT_XML_UTF8 = "text/xml; charset=UTF-8";

    private final ObjectMapper json;
    private final XmlSchemas schemas;
    private final TranslationTable translations;
    private final XRoadSettings xroad;

    KelaRecipientFormat(ObjectMapper json, XmlSchemas schemas, TranslationTable translations,
            XRoadSettings xroad) {
        this.json = json;
        this.schemas = schemas;
        this.translations = translations;
        this.xroad = xroad;
    }

    @Override
    public Set<PartnerDirectory.Format> formats() {
        return Set.of(PartnerDirectory.Format.KELA);
    }

    @Override
    public Translation translate(MappingSet mappings, JsonNode canonical, String mapping, PartnerDirectory.Partner partner,
            String recipient) {
        String request = mappings.xslt(mapping, Map.of(
                "canonical", serialize(canonical),
                "client", xroad.hub().forMapping(),
                "service", xroad.kela().forMapping()));
        String format = partner.format().key();
        String schema = translations.outbound(format, "schema").orElseThrow(() -> UndeliverableException.mapping(
                "translations.yaml", "no schema for the " + format + " format in mappings/translations.yaml"));
        List<SchemaViolation> violations;
        try {
            XRoadRequest read = XRoadRequest.read(HardenedXml.parse(request.getBytes(StandardCharsets.UTF_8)), xroad.kela());
            violations = schemas.validate(schema, read.body());
        } catch (SAXException e) {
            throw UndeliverableException.invalidOutput(mapping, List.of("well-formed"),
                    mapping + " produced XML that is not well-formed: " + HardenedXml.problem(e));
        } catch (InvalidMessageException e) {
            violations = e.violations();
        }
        if (!violations.isEmpty()) {
            throw UndeliverableException.invalidOutput(mapping, SchemaViolation.brokenRules(violations),
                    mapping + " produced a request that breaks " + schema + " or X-Road: " + violations);
        }
        return new Translation(request, TEXT_XML_UTF8);
    }

    /** Judged by what the X-Road answer says ({@link KelaAnswer}), not by its HTTP status alone. */
    @Override
    public void checkAnswer(int httpStatus, String body) {
        KelaAnswer.check(httpStatus, body);
    }

    private String serialize(JsonNode canonical) {
        try {
            return json.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw UndeliverableException.mapping("canonical", "the canonical message does not serialize: " + e.getOriginalMessage());
        }
    }
}
