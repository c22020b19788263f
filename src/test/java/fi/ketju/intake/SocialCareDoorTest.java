package fi.ketju.intake;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The social-care door: what a partner sees for good and bad input, and that bad input changes nothing. */
class SocialCareDoorTest extends HubIntegrationTest {

    private static final String DOOR = "/api/v1/social-care/messages";
    private static final String TOKEN = "sandbox-social-care";

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void acceptsTheSampleReferralWithLocationAndHubMessageId() throws Exception {
        HttpResponse<String> response = post(DOOR, TOKEN, "application/json", referral(r -> { }));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        String id = body.path("messageId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/messages/" + id);
    }

    @Test
    void resendingTheSameSenderMessageIdReturnsTheOriginalHubMessageId() throws Exception {
        String body = referral(r -> { });
        String first = json.readTree(post(DOOR, TOKEN, "application/json", body).body()).path("messageId").asText();

        HttpResponse<String> again = post(DOOR, TOKEN, "application/json", body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("messageId").asText()).isEqualTo(first);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
    }

    @Test
    void refusesTheHl7FinlandExampleWithItsWrongCheckCharacterNamingFieldAndRule() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.path("client")).put("hetu", "010190-999Y")), 400,
                "/client/hetu", "format", "expected 'W'");
    }

    @Test
    void refusesAMissingMandatoryFieldNamingIt() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.path("referral")).remove("reason")), 400,
                "/referral/reason", "required", "reason");
    }

    @Test
    void refusesAnOrganisationNotEnrolledForThePartner() throws Exception {
        assertRefused(referral(r -> ((ObjectNode) r.path("sender")).put("business_id", "7654321-2")), 400,
                "/sender/business_id", "known-sender", "7654321-2");
    }

    @Test
    void refusesMalformedJson() throws Exception {
        assertRefused("{\"message_id\": ", 400, "/", "json-syntax", "line 1");
    }

    @Test
    void refusesAnotherContentTypeWith415() throws Exception {
        assertRefused(referral(r -> { }), "text/plain", 415, "Content-Type", "media-type", "application/json");
    }

    @Test
    void refusesAnOversizeBodyWith413() throws Exception {
        String huge = "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
        assertRefused(huge, "application/json", 413, "body", "max-size", "bytes");
    }

    @Test
    void refusesWithoutTokenAndForAnotherPartner() {
        assertThat(post(DOOR, null, "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(post(DOOR, "sandbox-health-care", "application/json", "{}").statusCode()).isEqualTo(403);
        assertThat(post(DOOR, "sandbox-auditor", "application/json", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void aPartnerSeesOnlyItsOwnMessagesStatus() throws Exception {
        String id = json.readTree(post(DOOR, TOKEN, "application/json", referral(r -> { })).body()).path("messageId").asText();

        assertThat(get("/api/v1/messages/" + id, TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/messages/" + id, "sandbox-health-care").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/messages/" + id, "sandbox-auditor").statusCode()).isEqualTo(200);
    }

    private void assertRefused(String body, int status, String field, String rule, String detailPart) throws Exception {
        assertRefused(body, "application/json", status, field, rule, detailPart);
    }

    private void assertRefused(String body, String contentType, int status, String field, String rule, String detailPart)
            throws Exception {
        long messagesBefore = jdbc.sql("select count(*) from message").query(Long.class).single();

        HttpResponse<String> response = post(DOOR, TOKEN, contentType, body);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("errors")).anySatisfy(error -> {
            assertThat(error.path("field").asText()).isEqualTo(field);
            assertThat(error.path("rule").asText()).isEqualTo(rule);
            assertThat(error.path("detail").asText()).contains(detailPart);
        });
        assertThat(jdbc.sql("select count(*) from message").query(Long.class).single())
                .as("nothing is stored for a refused message").isEqualTo(messagesBefore);
    }

    /** The sample referral with a fresh message id (so tests do not see each other's messages as duplicates). */
    private String referral(java.util.function.Consumer<JsonNode> change) throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "TEST-" + UUID.randomUUID());
        change.accept(referral);
        return json.writeValueAsString(referral);
    }
}
