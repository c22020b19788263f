package fi.ketju;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.fhir.FhirResourceValidator;
import java.time.Duration;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the README promises a new user: the sample social-care referral, posted over HTTP, reaches the
 * simulated health-care FHIR server as a valid FHIR R4 message, its status says delivered, and the log
 * says what happened.
 */
class SocialCareReferralEndToEndTest extends HubIntegrationTest {

    @Autowired ObjectMapper json;
    @Autowired FhirContext fhirContext;
    @Autowired FhirResourceValidator validator;

    @Test
    void theSampleReferralReachesHealthCareAsValidFhirAndIsDelivered() throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "E2E-" + UUID.randomUUID());

        var accepted = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", json.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).path("messageId").asText();

        JsonNode status = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> json.readTree(get("/api/v1/messages/" + id, "sandbox-social-care").body()),
                        s -> "DELIVERED".equals(s.path("status").asText()));
        assertThat(status.path("deliveries")).singleElement().satisfies(delivery -> {
            assertThat(delivery.path("recipient").asText()).isEqualTo("health-care");
            assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        });
        assertThat(status.path("log").findValuesAsText("event"))
                .containsSubsequence("RECEIVED", "ROUTED", "TRANSLATED", "DELIVERED");

        JsonNode received = json.readTree(get("/sandbox/health-care/received", null).body());
        JsonNode delivered = null;
        for (JsonNode message : received) {
            if ((id + ":health-care").equals(message.path("idempotencyKey").asText())) {
                assertThat(delivered).as("delivered once").isNull();
                delivered = message;
            }
        }
        assertThat(delivered).isNotNull();
        assertThat(delivered.path("contentType").asText()).startsWith("application/fhir+json");

        Bundle bundle = fhirContext.newJsonParser().parseResource(Bundle.class, delivered.path("body").asText());
        assertThat(validator.validate(bundle).errors()).isEmpty();
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        Patient patient = resource(bundle, Patient.class);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("urn:oid:1.2.246.21");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("010181-900C");
        ServiceRequest request = resource(bundle, ServiceRequest.class);
        assertThat(request.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
        assertThat(request.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("3457005");
    }

    private static <T> T resource(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
