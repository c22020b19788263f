package fi.ketju.web;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.inFormat;

import io.swagger.v3.oas.models.ExternalDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
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
                .summary("Health care's door: a FHIR R4 message Bundle ($process-message, asynchronous)")
                .description("""
                        A message Bundle as GET /fhir/metadata declares (events, profiles, Ketju's rules), in JSON or XML \
                        (UTF-8). 202 means the hub has taken custody; an OperationOutcome names the hub message id, and a \
                        resend (the same Bundle.identifier) gets the same answer. Refusals are OperationOutcomes naming the \
                        element and rule; nothing is stored.""")
                .externalDocs(CAPABILITIES)
                .requestBody(new RequestBody().required(true).content(bundle()));
        door.getResponses().clear();
        answer(door, "202", inFormat("Accepted (or accepted earlier: a resend): an OperationOutcome naming the hub message; "
                + "Location is its status", FHIR).addHeaderObject("Location", new Header()
                        .schema(ApiDocuments.typed("string").format("uri-reference"))));
        answer(door, "400", inFormat("Not a readable FHIR message Bundle", FHIR));
        answer(door, "409", inFormat("The Bundle.identifier or Idempotency-Key was used for another message", FHIR));
        answer(door, "413", inFormat("The body is too large", FHIR));
        answer(door, "415", inFormat("Content-Type is not application/fhir+json or application/fhir+xml", FHIR));
        answer(door, "422", inFormat("Valid FHIR that breaks a profile or Ketju's rules, or an event the hub does not take", FHIR));
        answer(door, "503", inFormat("The hub cannot take messages just now; send again after Retry-After seconds", FHIR)
                .addHeaderObject("Retry-After", ApiDocuments.retryAfter()));
        ApiDocuments.refusalsInFormat(door, FHIR);

        Operation metadata = api.getPaths().get(METADATA).getGet()
                .operationId("fhirCapabilities")
                .summary("Ketju's FHIR CapabilityStatement: what the FHIR door accepts (public)")
                .externalDocs(CAPABILITIES)
                .security(List.of());
        metadata.getResponses().clear();
        answer(metadata, "200", inFormat("The CapabilityStatement, in the format Accept asks for", FHIR));
    }

    private static Content bundle() {
        Content content = new Content();
        for (String mediaType : FHIR) {
            content.addMediaType(mediaType, new MediaType().schema(ApiDocuments.typed("string")
                    .description("A FHIR R4 Bundle of type message; see /fhir/metadata")));
        }
        return content;
    }
}
