package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import fi.ketju.intake.StrictUtf8;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads an inbound FHIR message strictly with the hub's FhirContext (an unknown element or an invalid value fails;
 * in XML a DOCTYPE fails before HAPI reads it), and gives it to the inbound mappings as JSON, the same tree whether
 * it came as JSON or XML.
 */
@Component
class FhirMessageParser {

    private final FhirContext fhirContext;
    /** HAPI's messages name its exception classes ("DataFormatException at [...]"): not the sender's business. */
    private static final Pattern INTERNAL_NAME = Pattern.compile("\\b[A-Z]\\w*Exception\\b( at)?\\s*");

    private final ObjectMapper json;

    FhirMessageParser(FhirContext fhirContext, ObjectMapper json) {
        this.fhirContext = fhirContext;
        this.json = json;
    }

    /** @throws RefusedMessageException (400) if the body is not a Bundle in {@code format} */
    Bundle parse(FhirFormat format, byte[] body) {
        String text = StrictUtf8.decode(body).orElseThrow(() -> RefusedMessageException.of(
                HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, null, "ketju-utf-8", "the body is not well-formed UTF-8"));
        if (format == FhirFormat.XML) {
            XmlDoctypeGuard.refuseDoctype(text);
        }
        ElementNamingErrorHandler errors = new ElementNamingErrorHandler();
        IParser parser = format.parser(fhirContext).setParserErrorHandler(errors);
        IBaseResource resource;
        try {
            resource = parser.parseResource(text);
        } catch (DataFormatException e) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, errors.element(), "ketju-strict-parse",
                    "not a FHIR R4 resource in " + format.name() + ": " + INTERNAL_NAME.matcher(e.getMessage()).replaceAll(""));
        }
        if (resource instanceof Bundle bundle) {
            return bundle;
        }
        throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, resource.fhirType(), "ketju-message-bundle",
                "$process-message takes a Bundle of type message, got a " + resource.fhirType());
    }

    JsonNode asJson(Bundle bundle) {
        try {
            return json.readTree(fhirContext.newJsonParser().encodeResourceToString(bundle));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that does not parse", e);
        }
    }

    String encode(FhirFormat format, IBaseResource resource) {
        return format.parser(fhirContext).encodeResourceToString(resource);
    }
}
