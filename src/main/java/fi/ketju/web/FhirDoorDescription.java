package fi.ketju.web;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.inFormat;

import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Health care's FHIR door in the OpenAPI document. Its contract is FHIR R4 messaging and Ketju's CapabilityStatement,
 * profiles and rules at /fhir/metadata, to which the description points rather than repeating FHIR's models.
 */
// Here rather than in fi.ketju.fhir: it describes the door from outside, by its paths and documented answers.
@Component
class FhirDoorDescription implements ApiContribution {

    private static final String PROCESS_MESSAGE = "/fhir/$process-message";
    private static final String METADATA = "/fhir/metadata";
    private static final String[] FHIR = {"application/fhir+json", "application/fhir+xml"};
    private static final ExternalDocumentation CAPABILITIES = new ExternalDocumentation()
            .description("What the door accepts: Ketju's CapabilityStatement, its message definitions and profiles").url(METADATA);

    @Override
    public void describe(OpenAPI api) {
        Operation door = api.getPaths().get(PROCESS_MESSAGE).getPost()
                .operationId("processFhirMessage")
                .summary("Health care's door: a FHIR R4 message ($process-message), synchronous or asynchronous")
                .description("""
                        A message Bundle (or Parameters with content = the Bundle) as GET /fhir/metadata declares (events, \
                        profiles, Ketju's rules), in JSON or XML (UTF-8). Synchronous (the default): 200 with a response \
                        message once the hub has the message in custody, its MessageHeader.response.code ok, fatal-error \
                        (fix the message; the OperationOutcome names the element and rule) or transient-error (resend \
                        after Retry-After). Asynchronous (async=true, or Prefer: respond-async): 202 with an \
                        OperationOutcome naming the hub message id, refusals as 4xx or 503 OperationOutcomes. A resend \
                        (the same Bundle.identifier) gets the same answer and id; a refusal stores nothing.""")
                .externalDocs(CAPABILITIES)
                .requestBody(new RequestBody().required(true).content(bundle()));
        door.setParameters(null);
        door.addParametersItem(new QueryParameter().name("async").required(false)
                        .description("true: the asynchronous form (202 and an OperationOutcome)").schema(ApiDocuments.typed("boolean")))
                .addParametersItem(new HeaderParameter().name("Prefer").required(false)
                        .description("respond-async: the asynchronous form").schema(ApiDocuments.typed("string")))
                .addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .description("Optional: names this message across resends").schema(ApiDocuments.typed("string")));
        door.getResponses().clear();
        answer(door, "200", inFormat("Synchronous: a response message (code ok, fatal-error or transient-error, the latter "
                + "with Retry-After); Location is the message's status when accepted", FHIR)
                .addHeaderObject("Location", location()).addHeaderObject("Retry-After", ApiDocuments.retryAfter()));
        answer(door, "202", inFormat("Asynchronous: accepted (or accepted earlier: a resend), an OperationOutcome naming the "
                + "hub message; Location is its status", FHIR).addHeaderObject("Location", location()));
        answer(door, "400", inFormat("Not a readable FHIR message, no MessageHeader to answer, a wrong async or a "
                + "response-url (the hub answers only here)", FHIR));
        answer(door, "409", inFormat("Asynchronous: the Bundle.identifier or Idempotency-Key was used for another message", FHIR));
        answer(door, "413", inFormat("The body is too large", FHIR));
        answer(door, "415", inFormat("Content-Type is not application/fhir+json or application/fhir+xml", FHIR));
        answer(door, "422", inFormat("Asynchronous: valid FHIR that breaks a profile or Ketju's rules, or an event the hub "
                + "does not take", FHIR));
        answer(door, "503", inFormat("Asynchronous: the hub cannot take messages just now; send again after Retry-After "
                + "seconds", FHIR).addHeaderObject("Retry-After", ApiDocuments.retryAfter()));
        ApiDocuments.refusalsInFormat(door, FHIR);

        Operation metadata = api.getPaths().get(METADATA).getGet()
                .operationId("fhirCapabilities")
                .summary("Ketju's FHIR CapabilityStatement: what the FHIR door accepts (public)")
                .externalDocs(CAPABILITIES)
                .security(List.of());
        metadata.getResponses().clear();
        answer(metadata, "200", inFormat("The CapabilityStatement, in the format Accept asks for", FHIR));
    }

    private static Header location() {
        return new Header().description("The message's status").schema(ApiDocuments.typed("string").format("uri-reference"));
    }

    private static Content bundle() {
        Content content = new Content();
        for (String mediaType : FHIR) {
            content.addMediaType(mediaType, new MediaType().schema(ApiDocuments.typed("string")
                    .description("A FHIR R4 Bundle of type message, or Parameters (content, async); see /fhir/metadata")));
        }
        return content;
    }
}
