package fi.ketju.fhir;

import static fi.ketju.HubTestSupport.BASE;
import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.ResendSupport.assertNothingKept;
import static fi.ketju.ResendSupport.awaitDelivered;
import static fi.ketju.ResendSupport.freshClient;
import static fi.ketju.ResendSupport.freshClients;
import static fi.ketju.ResendSupport.lastRejection;
import static fi.ketju.ResendSupport.postConcurrently;
import static fi.ketju.ResendSupport.stored;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.ResendSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Health care's FHIR door: what a partner sees for good and bad messages, and that a bad one changes nothing. */
class FhirMessageDoorTest extends HubIntegrationTest {

    private static final String DOOR = "/fhir/$process-message";
    /** Most tests here: the asynchronous form (202, refusals as HTTP errors); GenericClientDoorTest has the synchronous. */
    private static final String ASYNC = DOOR + "?async=true";
    private static final String TOKEN = "sandbox-health-care";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String FHIR_XML = "application/fhir+xml";
    /** Bundle.identifier.value of samples/assessment-summary.xml: the sender's message id. */
    private static final String XML_SAMPLE_MESSAGE_ID = "urn:uuid:9c4e2a10-3b7d-4f6a-8e21-5d0c4b7a0100";
    /** The identity code of the samples' patient. */
    private static final String SAMPLE_PATIENT = "010181-900C";

    @Autowired ObjectMapper json;
    @Autowired FhirContext fhirContext;
    @Autowired JdbcClient jdbc;

    @TempDir Path tmp;

    @Test
    void acceptsTheJsonSampleWithLocationAndTheHubMessageId() throws Exception {
        HttpResponse<String> response = post(ASYNC, TOKEN, FHIR_JSON, referral(r -> { }));

        String id = assertAccepted(response, FHIR_JSON);
        assertThat(get("/api/v1/messages/" + id, TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsTheXmlSampleAnsweringInXml() {
        String summary = sample("fhir/samples/assessment-summary.xml").replace(XML_SAMPLE_MESSAGE_ID, "urn:uuid:" + UUID.randomUUID());

        String id = assertAccepted(post(ASYNC, TOKEN, FHIR_XML + ";charset=UTF-8", summary), FHIR_XML);
        assertThat(get("/api/v1/messages/" + id, TOKEN).statusCode()).isEqualTo(200);
    }

    /**
     * FHIR reliable messaging: a resend (same Bundle.identifier) gets the first answer, also when the sender's
     * meta.lastUpdated has changed in between, and nothing is stored twice.
     */
    @Test
    void aResendGetsTheSameHubMessageId() throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(referral(r -> lastUpdated(r, "2026-01-05T10:00:00Z")));
        String first = assertAccepted(post(ASYNC, TOKEN, FHIR_JSON, json.writeValueAsString(message)), FHIR_JSON);
        long messages = messageCount();
        lastUpdated(message, "2026-01-05T10:15:00Z");

        HttpResponse<String> again = post(ASYNC, TOKEN, FHIR_JSON, json.writeValueAsString(message));

        assertThat(assertAccepted(again, FHIR_JSON)).isEqualTo(first);
        assertThat(outcome(again, FHIR_JSON).getIssueFirstRep().getDiagnostics()).contains("resend");
        assertThat(messageCount()).isEqualTo(messages);
    }

    /** Another patient under a used Bundle.identifier is another message: 409, neither stored nor delivered. */
    @Test
    void anotherMessageUnderAUsedBundleIdentifierIsAConflictNamingTheOriginal() throws Exception {
        String message = referral(r -> { });
        String first = assertAccepted(post(ASYNC, TOKEN, FHIR_JSON, message), FHIR_JSON);
        String otherHetu = freshClient();
        List<Long> before = stored(jdbc);

        HttpResponse<String> conflict = post(ASYNC, TOKEN, FHIR_JSON, withPatient(message, otherHetu));

        assertConflict(conflict, FHIR_JSON, "Bundle.identifier.value", first, otherHetu, before);
    }

    /** The same under an Idempotency-Key, in XML: the same message again is a resend, another one a conflict. */
    @Test
    void anotherMessageUnderAUsedIdempotencyKeyIsAConflictAnsweredInXml() {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
        String summary = sample("fhir/samples/assessment-summary.xml").replace(XML_SAMPLE_MESSAGE_ID, "urn:uuid:" + UUID.randomUUID());
        String first = assertAccepted(post(ASYNC, TOKEN, FHIR_XML, summary, key), FHIR_XML);
        assertThat(assertAccepted(post(ASYNC, TOKEN, FHIR_XML, summary, key), FHIR_XML)).isEqualTo(first);
        String otherHetu = freshClient();
        List<Long> before = stored(jdbc);

        HttpResponse<String> conflict = post(ASYNC, TOKEN, FHIR_XML, withPatient(summary, otherHetu), key);

        assertConflict(conflict, FHIR_XML, "Idempotency-Key", first, otherHetu, before);
    }

    /** Eight different messages under one Bundle.identifier at once: one accepted and delivered, seven conflicts. */
    @Test
    void differentMessagesPostedConcurrentlyUnderOneIdentifierAreOneAcceptedAndSevenConflicts() throws Exception {
        String message = referral(r -> { });
        List<String> patients = freshClients(8);

        List<HttpResponse<String>> answers = postConcurrently(ASYNC, TOKEN, FHIR_JSON,
                patients.stream().map(hetu -> withPatient(message, hetu)).toList(), Map.of());

        List<HttpResponse<String>> accepted = answers.stream().filter(answer -> answer.statusCode() == 202).toList();
        assertThat(accepted).hasSize(1);
        String id = assertAccepted(accepted.get(0), FHIR_JSON);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 409).hasSize(7)
                .allSatisfy(conflict -> assertThat(outcome(conflict, FHIR_JSON).getIssueFirstRep().getDiagnostics()).contains(id));
        awaitDelivered(id, TOKEN);
        assertThat(patients).filteredOn(ResendSupport::receivedAnywhere).as("delivered: the accepted one only")
                .containsExactly(patients.get(answers.indexOf(accepted.get(0))));
    }

    @Test
    void refusesMalformedJson() {
        // The door's own JSON reading (duplicate keys, limits) finds it first.
        assertRefused("{\"resourceType\": \"Bundle\", ", FHIR_JSON, 400, null, "ketju-json-syntax");
    }

    @Test
    void refusesMalformedXmlAnsweringInXml() {
        assertRefused("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/>", FHIR_XML, 400, null,
                "ketju-strict-parse");
    }

    @Test
    void refusesAnotherContentTypeWith415() throws Exception {
        assertRefused(referral(r -> { }), "application/json", 415, null, "ketju-media-type", "application/fhir+json");
    }

    @Test
    void refusesAnOversizeBodyWith413() {
        assertRefused("{\"pad\": \"" + "x".repeat(1_100_000) + "\"}", FHIR_JSON, 413, null, "ketju-max-size");
    }

    /** XXE: the file named by the entity is never read, and the answer never holds it. */
    @Test
    void refusesXmlWithADoctypeAndAnExternalEntity() throws Exception {
        String secret = "KETJU-SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(tmp.resolve("secret.txt"), secret);

        HttpResponse<String> response = assertRefused(FhirMessageParserTest.bundleWithExternalEntity(file), FHIR_XML, 400, null,
                "ketju-no-doctype");

        assertThat(response.body()).doesNotContain(secret);
    }

    @Test
    void refusesAnUnknownEvent() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/0/resource/eventCoding")).put("code", "discharge")), FHIR_JSON,
                422, "Bundle.entry[0]", "discharge");
    }

    /** Benefit status comes from Kela, never from health care. */
    @Test
    void refusesABenefitStatusFromHealthCare() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/0/resource/eventCoding")).put("code", "benefit-status")), FHIR_JSON,
                422, "MessageHeader.event", "ketju-supported-event");
    }

    @Test
    void refusesABundleThatIsNotAMessage() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r).put("type", "collection")), FHIR_JSON, 400, "Bundle.type",
                "ketju-message-bundle");
    }

    /** The HL7 Finland example code: its check character should be W (domain.md). */
    @Test
    void refusesAnInvalidHetuNamingTheIdentifier() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/2/resource/identifier/0")).put("value", "010190-999Y")), FHIR_JSON,
                422, "Bundle.entry[2].resource.identifier[0].value", "ketju-hetu-invalid: ", "expected 'W'");
    }

    @Test
    void refusesAMissingMandatoryElement() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/1/resource")).remove("intent")), FHIR_JSON, 422, "entry[1]",
                "Validation_VAL_Profile_Minimum: ", "ServiceRequest.intent");
    }

    @Test
    void refusesAnUnknownElement() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/1/resource")).put("intnt", "order")), FHIR_JSON, 400, "intnt",
                "ketju-strict-parse");
    }

    @Test
    void refusesAnOrganisationNotEnrolledForHealthCare() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/3/resource/identifier/1")).put("value", "urn:oid:1.2.246.10.76543212")),
                FHIR_JSON, 422, "MessageHeader.sender", "known-sender");
    }

    /** Valid FHIR, but without what the hub needs: named as the FHIR element it is read from. */
    @Test
    void refusesAMessageWithoutItsIdentifierNamingIt() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r).remove("identifier")), FHIR_JSON, 422, "Bundle.identifier.value",
                "senderMessageId");
    }

    @Test
    void refusesAnIcfQualifierThatIsNoQualifierNamingTheObservation() throws Exception {
        // Ketju's icf-qualifier CodeSystem is loaded, so the validator itself refuses the unknown code.
        assertRefused(referral(r -> ((ObjectNode) r.at("/entry/7/resource/valueCodeableConcept/coding/0")).put("code", "x")),
                FHIR_JSON, 422, "Bundle.entry[7].resource", "Unknown code", "icf-qualifier#x");
    }

    @Test
    void refusesWithoutTokenAndForAnotherPartner() throws Exception {
        String message = referral(r -> { });
        long messages = messageCount();

        assertThat(post(ASYNC, null, FHIR_JSON, message).statusCode()).isEqualTo(401);
        HttpResponse<String> otherPartner = post(ASYNC, "sandbox-social-care", FHIR_JSON, message);
        assertThat(otherPartner.statusCode()).isEqualTo(403);
        assertThat(outcome(otherPartner, FHIR_JSON).getIssueFirstRep().getDiagnostics()).contains("health-care");
        assertThat(messageCount()).isEqualTo(messages);
    }

    /** Prefer: respond-async asks for the asynchronous form as async=true does. */
    @Test
    void preferRespondAsyncIsAnsweredAsynchronously() throws Exception {
        assertAccepted(post(DOOR, TOKEN, FHIR_JSON, referral(r -> { }), Map.of("Prefer", "respond-async")), FHIR_JSON);
    }

    /** Without async, a refusal is a response message (200, fatal-error) in the request's format, here XML. */
    @Test
    void aSynchronousRefusalIsAFatalErrorResponseMessageInXml() {
        String summary = sample("fhir/samples/assessment-summary.xml").replace(XML_SAMPLE_MESSAGE_ID, "urn:uuid:" + UUID.randomUUID())
                .replace(SAMPLE_PATIENT, "010190-999Y");
        long messages = messageCount();

        HttpResponse<String> response = post(DOOR, TOKEN, FHIR_XML, summary);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(FHIR_XML));
        Bundle answer = fhirContext.newXmlParser().parseResource(Bundle.class, response.body());
        MessageHeader header = (MessageHeader) answer.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        OperationOutcome outcome = (OperationOutcome) answer.getEntry().get(1).getResource();
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).startsWith("ketju-hetu-invalid: ");
        assertThat(response.body()).doesNotContain("010190-999Y");
        assertThat(messageCount()).as("nothing is stored for a refused message").isEqualTo(messages);
    }

    @Test
    void refusesAnAsyncParameterThatIsNoBoolean() throws Exception {
        long messages = messageCount();

        HttpResponse<String> response = post(DOOR + "?async=maybe", TOKEN, FHIR_JSON, referral(r -> { }));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(outcome(response, FHIR_JSON).getIssueFirstRep().getDiagnostics())
                .startsWith("ketju-process-message-parameters: ").contains("true or false");
        assertThat(messageCount()).isEqualTo(messages);
    }

    /** The file itself is validated by ConformanceResourcesTest. */
    @Test
    void metadataIsTheDeclaredCapabilityStatementWithoutAToken() throws Exception {
        HttpResponse<String> response = get("/fhir/metadata", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(FHIR_JSON));
        CapabilityStatement served = fhirContext.newJsonParser().parseResource(CapabilityStatement.class, response.body());
        CapabilityStatement declared = fhirContext.newJsonParser().parseResource(CapabilityStatement.class,
                sample("fhir/conformance/CapabilityStatement-ketju-hub.json"));
        assertThat(served.equalsDeep(declared)).as("served as declared").isTrue();
        assertThat(served.getMessagingFirstRep().getSupportedMessage()).extracting(CapabilityStatement.CapabilityStatementMessagingSupportedMessageComponent::getDefinition)
                .containsExactly("https://ketju.fi/fhir/MessageDefinition/referral",
                        "https://ketju.fi/fhir/MessageDefinition/assessment-summary");
        assertThat(served.getFormat()).extracting(Object::toString).containsExactly("json", "xml");
    }

    @Test
    void metadataIsServedAsXmlWhenAskedFor() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(BASE + "/fhir/metadata"))
                .header("Accept", FHIR_XML).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(FHIR_XML));
        assertThat(fhirContext.newXmlParser().parseResource(CapabilityStatement.class, response.body()).getUrl())
                .isEqualTo("https://ketju.fi/fhir/CapabilityStatement/ketju-hub");
    }

    private String assertAccepted(HttpResponse<String> response, String format) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(format));
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/v1/messages/");
        String id = location.substring("/api/v1/messages/".length());
        assertThat(UUID.fromString(id)).isNotNull();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome(response, format).getIssueFirstRep();
        assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.INFORMATION);
        assertThat(issue.getDiagnostics()).contains(id);
        return id;
    }

    /**
     * 409 with an OperationOutcome (issue code conflict) naming the reused element or header and the hub message it
     * belongs to, never the patient; the refusal logged by element and rule; nothing of the message kept or delivered.
     */
    private void assertConflict(HttpResponse<String> response, String format, String element, String existingId, String hetu,
            List<Long> storedBefore) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(format));
        assertThat(response.body()).doesNotContain(hetu);
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome(response, format).getIssueFirstRep();
        assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
        assertThat(issue.getCode()).isEqualTo(IssueType.CONFLICT);
        assertThat(issue.getExpression()).extracting(StringType::getValue).containsExactly(element);
        assertThat(issue.getDiagnostics()).startsWith("ketju-conflict: ").contains(existingId);
        assertThat(lastRejection(jdbc)).isEqualTo("at " + DOOR + ": " + element + " (ketju-conflict)");
        assertNothingKept(jdbc, storedBefore, existingId, TOKEN, hetu);
    }

    private HttpResponse<String> assertRefused(String body, String contentType, int status, String expressionPart,
            String... diagnosticsParts) {
        long messages = messageCount();

        HttpResponse<String> response = post(ASYNC, TOKEN, contentType, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String answerFormat = contentType.startsWith(FHIR_XML) ? FHIR_XML : FHIR_JSON;
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(answerFormat));
        assertThat(outcome(response, answerFormat).getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics()).contains(diagnosticsParts);
            if (expressionPart != null) {
                assertThat(issue.getExpression()).anySatisfy(expression -> assertThat(expression.getValue()).contains(expressionPart));
            }
        });
        assertThat(messageCount()).as("nothing is stored for a refused message").isEqualTo(messages);
        return response;
    }

    private OperationOutcome outcome(HttpResponse<String> response, String format) {
        var parser = FHIR_XML.equals(format) ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
        return parser.parseResource(OperationOutcome.class, response.body());
    }

    private long messageCount() {
        return jdbc.sql("select count(*) from message").query(Long.class).single();
    }

    /** The message (JSON or XML sample) about another patient: only the sample's patient has its identity code. */
    private static String withPatient(String message, String hetu) {
        assertThat(message).containsOnlyOnce(SAMPLE_PATIENT);
        return message.replace(SAMPLE_PATIENT, hetu);
    }

    /** Sets meta.lastUpdated of the Bundle and of its ServiceRequest, as a sender's server does on each change. */
    private static void lastUpdated(JsonNode bundle, String instant) {
        ((ObjectNode) bundle).putObject("meta").put("lastUpdated", instant);
        ((ObjectNode) bundle.at("/entry/1/resource")).putObject("meta").put("lastUpdated", instant);
    }

    /** The referral sample with a fresh Bundle.identifier (so tests do not see each other's messages as resends). */
    private String referral(Consumer<JsonNode> change) throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("fhir/samples/referral.json"));
        ((ObjectNode) referral.path("identifier")).put("value", "urn:uuid:" + UUID.randomUUID());
        change.accept(referral);
        return json.writeValueAsString(referral);
    }
}
