package fi.ketju.security;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.TestJwts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the hub against {no credentials, wrong partner, wrong role, right role}, with the sandbox's
 * documented tokens. A partner reads the status of its own messages only: to another partner a message it did not send
 * does not exist (404, so its existence does not leak). Item endpoints of the admin API answer the right role 404 when
 * there is no such dead letter: the request got past authorisation.
 */
class AuthorizationMatrixTest extends HubIntegrationTest {

    private static final String NONE = null;
    /** Stands in a path for the id of the message social care sent. */
    private static final String MESSAGE = "{message}";
    private static final String SOCIAL_CARE = "sandbox-social-care";
    private static final String EMPLOYMENT = "sandbox-employment";
    private static final String HEALTH_CARE = "sandbox-health-care";
    private static final String KELA = "sandbox-kela";
    private static final String ADMIN = "sandbox-admin";
    private static final String AUDITOR = "sandbox-auditor";

    /** A request to one endpoint: POST when it has a body. */
    record Endpoint(String name, String path, String contentType, String body) {

        HttpResponse<String> call(String token, String message) {
            String to = path.replace(MESSAGE, message);
            return body == null ? get(to, token) : post(to, token, contentType, body);
        }
    }

    record Case(Endpoint endpoint, String who, String token, int expected) {

        @Override
        public String toString() {
            return endpoint.name + " as " + who + " -> " + expected;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String socialCareMessage;

    /** A message social care sent, sent on first use (Camel starts with the first test, not before). */
    private static String socialCareMessage() throws Exception {
        if (socialCareMessage != null) {
            return socialCareMessage;
        }
        HttpResponse<String> accepted = post("/api/v1/social-care/messages", SOCIAL_CARE, "application/json",
                sample("social-care/samples/referral.json"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        socialCareMessage = JSON.readTree(accepted.body()).path("messageId").asText();
        return socialCareMessage;
    }

    static Stream<Case> matrix() throws Exception {
        String kelaRequest = Files.readString(Path.of("mappings/kela/samples/benefit-status.xml"));
        String status = "/api/v1/messages/" + MESSAGE;
        String deadLetter = "/api/v1/admin/dead-letters/social-care/" + UUID.randomUUID();
        List<Case> cases = new ArrayList<>();
        door(cases, new Endpoint("social care door", "/api/v1/social-care/messages", "application/json",
                sample("social-care/samples/referral.json")), EMPLOYMENT, ADMIN, SOCIAL_CARE, 202);
        door(cases, new Endpoint("employment door", "/api/v1/employment/messages", "application/json",
                sample("employment/samples/referral.json")), SOCIAL_CARE, AUDITOR, EMPLOYMENT, 202);
        door(cases, new Endpoint("FHIR door", "/fhir/$process-message", "application/fhir+json",
                sample("fhir/samples/referral.json")), KELA, ADMIN, HEALTH_CARE, 202);
        door(cases, new Endpoint("Kela door", "/xroad/kela", "text/xml;charset=UTF-8", kelaRequest),
                HEALTH_CARE, AUDITOR, KELA, 200);

        Endpoint messageStatus = new Endpoint("message status", status, null, null);
        cases.add(new Case(messageStatus, "nobody", NONE, 401));
        cases.add(new Case(messageStatus, "another partner", EMPLOYMENT, 404));
        cases.add(new Case(messageStatus, "its sender", SOCIAL_CARE, 200));
        // Status is metadata: admins and auditors may follow any message.
        cases.add(new Case(messageStatus, "admin", ADMIN, 200));
        cases.add(new Case(messageStatus, "auditor", AUDITOR, 200));

        admin(cases, new Endpoint("dead letters", "/api/v1/admin/dead-letters", null, null), 200);
        admin(cases, new Endpoint("one dead letter", deadLetter, null, null), 404);
        admin(cases, new Endpoint("replay one", deadLetter + "/replay", "application/json", "{}"), 404);
        admin(cases, new Endpoint("discard one", deadLetter + "/discard", "application/json", "{\"reason\":\"test\"}"), 404);
        admin(cases, new Endpoint("replay matching", "/api/v1/admin/dead-letters/social-care/replay", "application/json",
                "{\"reasonContains\":\"" + UUID.randomUUID() + "\"}"), 200);

        auditor(cases, new Endpoint("audit search", "/api/v1/audit/events?limit=1", null, null), 200);
        auditor(cases, new Endpoint("audit export", "/api/v1/audit/events/export?limit=1", null, null), 200);
        auditor(cases, new Endpoint("audit event", "/api/v1/audit/AuditEvent/1", null, null), 200);
        auditor(cases, new Endpoint("disclosure report", "/api/v1/audit/disclosures?person=010280-952L", null, null), 200);
        auditor(cases, new Endpoint("audit verify", "/api/v1/audit/verify", null, null), 200);
        auditor(cases, new Endpoint("message body", "/api/v1/audit/messages/" + MESSAGE + "/body", null, null), 200);
        auditor(cases, new Endpoint("delivery failure details", "/api/v1/audit/messages/" + MESSAGE + "/failures", null, null), 200);

        // The same rules for identities from OAuth2 access tokens (claims ketju_role, ketju_partner).
        Endpoint socialCareDoor = new Endpoint("social care door (JWT)", "/api/v1/social-care/messages", "application/json",
                sample("social-care/samples/referral.json"));
        cases.add(new Case(socialCareDoor, "its partner", TestJwts.token("partner", "social-care"), 202));
        cases.add(new Case(socialCareDoor, "another partner", TestJwts.token("partner", "employment"), 403));
        cases.add(new Case(socialCareDoor, "admin", TestJwts.token("admin", null), 403));
        cases.add(new Case(socialCareDoor, "a forged token", TestJwts.forged("partner", "social-care"), 401));
        cases.add(new Case(socialCareDoor, "an expired token", TestJwts.expired("partner", "social-care"), 401));
        cases.add(new Case(socialCareDoor, "a partner token without its partner", TestJwts.token("partner", null), 401));
        cases.add(new Case(socialCareDoor, "an unknown role", TestJwts.token("superuser", "social-care"), 401));
        cases.add(new Case(socialCareDoor, "a token that is not a JWT", "not-a-jwt", 401));
        Endpoint statusByJwt = new Endpoint("message status (JWT)", status, null, null);
        cases.add(new Case(statusByJwt, "its sender", TestJwts.token("partner", "social-care"), 200));
        cases.add(new Case(statusByJwt, "another partner", TestJwts.token("partner", "employment"), 404));
        Endpoint deadLetters = new Endpoint("dead letters (JWT)", "/api/v1/admin/dead-letters", null, null);
        cases.add(new Case(deadLetters, "admin", TestJwts.token("admin", null), 200));
        cases.add(new Case(deadLetters, "auditor", TestJwts.token("auditor", null), 403));
        Endpoint verify = new Endpoint("audit verify (JWT)", "/api/v1/audit/verify", null, null);
        cases.add(new Case(verify, "auditor", TestJwts.token("auditor", null), 200));
        cases.add(new Case(verify, "admin", TestJwts.token("admin", null), 403));

        for (Endpoint open : List.of(new Endpoint("health", "/actuator/health", null, null),
                new Endpoint("info", "/actuator/info", null, null),
                new Endpoint("FHIR capability statement", "/fhir/metadata", null, null))) {
            cases.add(new Case(open, "nobody", NONE, 200));
        }
        // Nothing else of the actuator is open to anyone without credentials.
        cases.add(new Case(new Endpoint("actuator env", "/actuator/env", null, null), "nobody", NONE, 401));
        return cases.stream();
    }

    private static void door(List<Case> cases, Endpoint door, String wrongPartner, String wrongRole, String right, int ok) {
        cases.add(new Case(door, "nobody", NONE, 401));
        cases.add(new Case(door, "another partner", wrongPartner, 403));
        cases.add(new Case(door, "another role", wrongRole, 403));
        cases.add(new Case(door, "its partner", right, ok));
    }

    private static void admin(List<Case> cases, Endpoint endpoint, int ok) {
        cases.add(new Case(endpoint, "nobody", NONE, 401));
        cases.add(new Case(endpoint, "a partner", SOCIAL_CARE, 403));
        cases.add(new Case(endpoint, "auditor", AUDITOR, 403));
        cases.add(new Case(endpoint, "admin", ADMIN, ok));
    }

    private static void auditor(List<Case> cases, Endpoint endpoint, int ok) {
        cases.add(new Case(endpoint, "nobody", NONE, 401));
        cases.add(new Case(endpoint, "a partner", KELA, 403));
        cases.add(new Case(endpoint, "admin", ADMIN, 403));
        cases.add(new Case(endpoint, "auditor", AUDITOR, ok));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachIdentityGetsOnlyItsOwnDoor(Case c) throws Exception {
        HttpResponse<String> response = c.endpoint().call(c.token(), socialCareMessage());

        if (c.expected() == 202) {
            // Accepted, or already accepted earlier (a resend of the same sample by another test: 200 with its id).
            assertThat(response.statusCode()).as(c + ": " + response.body()).isIn(200, 202);
        } else {
            assertThat(response.statusCode()).as(c + ": " + response.body()).isEqualTo(c.expected());
        }
        if (c.expected() == 401 || c.expected() == 403) {
            // The refusal tells nothing of the hub's insides, and comes in the door family's own form.
            assertThat(response.body()).doesNotContain("Exception", "fi.ketju", "at org.");
            String path = c.endpoint().path();
            if (path.startsWith("/fhir/")) {
                assertThat(response.body()).as(c.toString()).contains("\"resourceType\":\"OperationOutcome\"");
            } else if (path.startsWith("/xroad/")) {
                assertThat(response.body()).as(c.toString()).contains("Fault>", "<faultcode>", "Client</faultcode>");
            } else {
                assertThat(response.headers().firstValue("Content-Type")).as(c.toString()).hasValue("application/problem+json");
            }
        }
    }
}
