package fi.ketju.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The JSON-speaking families (social care, employment services): a JSLT mapping, checked against the family's JSON Schema. */
@Component
class JsonRecipientFormat implements RecipientFormat {

    private final ObjectMapper json;
    private final JsonSchemas schemas;
    private final TranslationTable translations;

    JsonRecipientFormat(ObjectMapper json, JsonSchemas schemas, TranslationTable translations) {
        this.json = json;
        this.schemas = schemas;
        this.translations = translations;
    }

    @Override
    public Set<PartnerDirectory.Format> formats() {
        return Set.of(PartnerDirectory.Format.SOCIAL_CARE, PartnerDirectory.Format.EMPLOYMENT);
    }

    @Override
    public Translation translate(MappingSet mappings, JsonNode canonical, String mapping, PartnerDirectory.Partner partner,
            String recipient) {
        String format = partner.format().key();
        JsonNode output = mappings.jslt(mapping, canonical, Map.of("recipient", TextNode.valueOf(recipient)));
        String schema = translations.outbound(format, "schema").orElseThrow(() -> UndeliverableException.mapping(
                "translations.yaml", "no schema for the " + format + " format in mappings/translations.yaml"));
        List<SchemaViolation> violations = schemas.validate(schema, output);
        if (!violations.isEmpty()) {
            throw UndeliverableException.invalidOutput(mapping, SchemaViolation.brokenRules(violations),
                    mapping + " produced output that breaks " + schema + ": " + violations);
        }
        try {
            return new Translation(json.writeValueAsString(output), "application/json");
        } catch (JsonProcessingException e) {
            throw UndeliverableException.mapping(mapping, mapping + " produced output that does not serialize: " + e.getOriginalMessage());
        }
    }
}
