package fi.ketju.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.fhir.ValidationOutcome;
import fi.ketju.mapping.JsltMappings;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.MessageLedger;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Translates a canonical message into one recipient's format with the mapping named in
 * mappings/translations.yaml, and checks the result before it may leave: FHIR with HAPI's instance
 * validator, JSON against the recipient format's schema. A message that fails here can never be
 * delivered to this recipient, so the failure is permanent for this recipient only.
 */
@Component("recipientTranslation")
class RecipientTranslation {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String JSON = "application/json";

    private final ObjectMapper json;
    private final JsltMappings mappings;
    private final TranslationTable translations;
    private final JsonSchemas schemas;
    private final PartnerDirectory partners;
    private final FhirContext fhirContext;
    private final FhirResourceValidator fhirValidator;
    private final MessageLedger ledger;

    RecipientTranslation(ObjectMapper json, JsltMappings mappings, TranslationTable translations, JsonSchemas schemas,
            PartnerDirectory partners, FhirContext fhirContext, FhirResourceValidator fhirValidator, MessageLedger ledger) {
        this.json = json;
        this.mappings = mappings;
        this.translations = translations;
        this.schemas = schemas;
        this.partners = partners;
        this.fhirContext = fhirContext;
        this.fhirValidator = fhirValidator;
        this.ledger = ledger;
    }

    public void translate(Exchange exchange) throws IOException {
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        String type = exchange.getProperty(DeliveryProperties.MESSAGE_TYPE, String.class);
        PartnerDirectory.Partner partner = partners.get(recipient);
        String format = partner.format().key();
        String mapping = translations.outbound(format, type).orElseThrow(() -> new UndeliverableException(
                "no mapping from canonical " + type + " to " + format + " in mappings/translations.yaml"));

        Map<String, JsonNode> variables = Map.of("recipient", TextNode.valueOf(recipient));
        JsonNode output = mappings.apply(mapping, json.readTree(exchange.getMessage().getBody(String.class)), variables);
        String contentType;
        if (partner.format() == PartnerDirectory.Format.FHIR) {
            if (partner.fhirMode() == PartnerDirectory.FhirMode.TRANSACTION) {
                output = mappings.apply(translations.outbound(format, "transaction").orElseThrow(), output, variables);
            }
            checkFhir(output, mapping);
            contentType = FHIR_JSON;
        } else {
            checkJson(format, output, mapping);
            contentType = JSON;
        }
        exchange.setProperty(DeliveryProperties.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(json.writeValueAsString(output));
        ledger.recordTranslated(UUID.fromString(exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class)),
                recipient, "by " + mapping + " into " + contentType);
    }

    private void checkFhir(JsonNode output, String mapping) throws IOException {
        IBaseResource resource;
        try {
            resource = fhirContext.newJsonParser().parseResource(json.writeValueAsString(output));
        } catch (DataFormatException e) {
            throw new UndeliverableException(mapping + " produced FHIR that does not parse: " + e.getMessage(), e);
        }
        ValidationOutcome outcome = fhirValidator.validate(resource);
        if (!outcome.valid()) {
            throw new UndeliverableException(mapping + " produced invalid FHIR: " + outcome.errors());
        }
    }

    private void checkJson(String format, JsonNode output, String mapping) {
        String schema = translations.outbound(format, "schema").orElseThrow(() -> new UndeliverableException(
                "no schema for the " + format + " format in mappings/translations.yaml"));
        List<SchemaViolation> violations = schemas.validate(schema, output);
        if (!violations.isEmpty()) {
            throw new UndeliverableException(mapping + " produced output that breaks " + schema + ": " + violations);
        }
    }
}
