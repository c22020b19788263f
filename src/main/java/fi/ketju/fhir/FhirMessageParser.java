package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import fi.ketju.intake.StrictUtf8;
import java.util.Optional;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
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

    /**
     * What was posted to $process-message, in either form: the message Bundle as the body, or a Parameters resource
     * whose {@code content} is the Bundle, with its optional {@code async} and {@code response-url}, as generic FHIR
     * tooling invokes an operation.
     */
    record Submission(Bundle message, Optional<Boolean> async, Optional<String> responseUrl) {
    }

    /** @throws RefusedMessageException (400) if the body is not a Bundle in {@code format} */
    Bundle parse(FhirFormat format, byte[] body) {
        IBaseResource resource = parseResource(format, body);
        if (resource instanceof Bundle bundle) {
            return bundle;
        }
        throw notAMessage(resource.fhirType(), resource.fhirType());
    }

    /** @throws RefusedMessageException (400) if the body is neither a Bundle nor Parameters of $process-message */
    Submission parseSubmission(FhirFormat format, byte[] body) {
        IBaseResource resource = parseResource(format, body);
        if (resource instanceof Bundle bundle) {
            return new Submission(bundle, Optional.empty(), Optional.empty());
        }
        if (resource instanceof Parameters parameters) {
            return unwrap(parameters);
        }
        throw notAMessage(resource.fhirType(), resource.fhirType());
    }

    /** The OperationDefinition's in-parameters: content 1..1 Bundle, async 0..1 boolean, response-url 0..1 url; no others. */
    private static Submission unwrap(Parameters parameters) {
        Bundle content = null;
        Optional<Boolean> async = Optional.empty();
        Optional<String> responseUrl = Optional.empty();
        for (int i = 0; i < parameters.getParameter().size(); i++) {
            Parameters.ParametersParameterComponent parameter = parameters.getParameter().get(i);
            String element = "Parameters.parameter[" + i + "]";
            switch (String.valueOf(parameter.getName())) {
                case "content" -> {
                    if (content != null || !(parameter.getResource() instanceof Bundle bundle)) {
                        throw parameterRefused(element + ".resource", "the parameter content must be given once, as a resource: the message Bundle");
                    }
                    content = bundle;
                }
                case "async" -> {
                    if (async.isPresent() || !(parameter.getValue() instanceof BooleanType flag) || !flag.hasValue()) {
                        throw parameterRefused(element + ".valueBoolean", "the parameter async must be given at most once, as valueBoolean");
                    }
                    async = Optional.of(flag.booleanValue());
                }
                case "response-url" -> {
                    if (responseUrl.isPresent() || !(parameter.getValue() instanceof UriType url) || !url.hasValue()) {
                        throw parameterRefused(element + ".valueUrl", "the parameter response-url must be given at most once, as valueUrl");
                    }
                    responseUrl = Optional.of(url.getValue());
                }
                default -> throw parameterRefused(element + ".name",
                        "$process-message takes the parameters content, async and response-url only");
            }
        }
        if (content == null) {
            throw parameterRefused("Parameters.parameter", "the parameter content (the message Bundle) is missing");
        }
        return new Submission(content, async, responseUrl);
    }

    private static RefusedMessageException parameterRefused(String element, String detail) {
        return RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, element, "ketju-process-message-parameters", detail);
    }

    private static RefusedMessageException notAMessage(String element, String type) {
        return RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, element, "ketju-message-bundle",
                "$process-message takes a Bundle of type message, or Parameters with the Bundle as content; got a " + type);
    }

    private IBaseResource parseResource(FhirFormat format, byte[] body) {
        String text = StrictUtf8.decode(body).orElseThrow(() -> RefusedMessageException.of(
                HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, null, "ketju-utf-8", "the body is not well-formed UTF-8"));
        if (format == FhirFormat.XML) {
            XmlDoctypeGuard.refuseDoctype(text);
        }
        ElementNamingErrorHandler errors = new ElementNamingErrorHandler();
        IParser parser = format.parser(fhirContext).setParserErrorHandler(errors);
        try {
            return parser.parseResource(text);
        } catch (DataFormatException e) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.STRUCTURE, errors.element(), "ketju-strict-parse",
                    "not a FHIR R4 resource in " + format.name() + ": " + INTERNAL_NAME.matcher(e.getMessage()).replaceAll(""));
        }
    }

    /** The message as HAPI wrote it in JSON ({@link #encode}), read as the tree its inbound mapping takes. */
    JsonNode tree(String bundleJson) {
        try {
            return json.readTree(bundleJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that does not parse", e);
        }
    }

    String encode(FhirFormat format, IBaseResource resource) {
        return format.parser(fhirContext).encodeResourceToString(resource);
    }
}
