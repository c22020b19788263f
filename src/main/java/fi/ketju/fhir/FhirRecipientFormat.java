package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientFormat;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.mapping.JsltMappings;
import fi.ketju.mapping.TranslationTable;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Health care: FHIR R4. A JSLT mapping makes a message Bundle; a partner that is a plain FHIR server
 * (fhir-mode transaction) gets it rewritten as a transaction. The result must parse strictly and pass
 * HAPI's instance validator with Ketju's rules before it leaves.
 */
@Component
class FhirRecipientFormat implements RecipientFormat {

    private static final String FHIR_JSON = "application/fhir+json";

    private final ObjectMapper json;
    private final JsltMappings mappings;
    private final TranslationTable translations;
    private final FhirContext fhirContext;
    private final FhirResourceValidator validator;

    FhirRecipientFormat(ObjectMapper json, JsltMappings mappings, TranslationTable translations, FhirContext fhirContext,
            FhirResourceValidator validator) {
        this.json = json;
        this.mappings = mappings;
        this.translations = translations;
        this.fhirContext = fhirContext;
        this.validator = validator;
    }

    @Override
    public Set<PartnerDirectory.Format> formats() {
        return Set.of(PartnerDirectory.Format.FHIR);
    }

    @Override
    public Translation translate(JsonNode canonical, String mapping, PartnerDirectory.Partner partner, String recipient) {
        Map<String, JsonNode> variables = Map.of("recipient", TextNode.valueOf(recipient));
        JsonNode output = mappings.apply(mapping, canonical, variables);
        if (partner.fhirMode() == PartnerDirectory.FhirMode.TRANSACTION) {
            output = mappings.apply(translations.outbound("fhir", "transaction").orElseThrow(), output, variables);
        }
        String body = serialize(output, mapping);
        IBaseResource resource;
        try {
            resource = fhirContext.newJsonParser().parseResource(body);
        } catch (DataFormatException e) {
            throw new UndeliverableException(mapping + " produced FHIR that does not parse: " + e.getMessage(), e);
        }
        ValidationOutcome outcome = validator.validate(resource);
        if (!outcome.valid()) {
            throw new UndeliverableException(mapping + " produced invalid FHIR: " + outcome.errors());
        }
        return new Translation(body, FHIR_JSON);
    }

    private String serialize(JsonNode output, String mapping) {
        try {
            return json.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            throw new UndeliverableException(mapping + " produced output that does not serialize", e);
        }
    }
}
