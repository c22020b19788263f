package fi.ketju.intake;

import static org.awaitility.Awaitility.await;
import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A JSON partner door as its partner sees it, for good and bad input, and that bad input changes nothing. The
 * doors differ only in the family's own format, so every family runs the same tests: a subclass names the family
 * and where its sample referral keeps each field the tests change.
 */
abstract class JsonDoorTest extends HubIntegrationTest {

    /** JSON Pointers into the family's sample referral (mappings/{family}/samples/referral.json). */
    record Fields(String messageId, String hetu, String mandatory, String sender) {
    }

    /** Kela's business ID: a valid one, enrolled for neither JSON family. */
    private static final String NOT_ENROLLED = "0246246-0";

    private final String family;
    private final Fields fields;
    private final String door;
    private final String token;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    JsonDoorTest(String family, Fields fields) {
        this.family = family;
        this.fields = fields;
        this.door = "/api/v1/" + family + "/messages";
        this.token = "sandbox-" + family;
    }

    @Test
    void acceptsTheSampleReferralWithLocationAndHubMessageId() throws Exception {
        HttpResponse<String> response = post(door, token, "application/json", referral(r -> { }));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        String id = body.path("messageId").asText();
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/messages/" + id);
    }

    @Test
    void resendingTheSameSenderMessageIdReturnsTheOriginalHubMessageId() throws Exception {
        String body = referral(r -> { });
        String first = json.readTree(post(door, token, "application/json", body).body()).path("messageId").asText();

        HttpResponse<String> again = post(door, token, "application/json", body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("messageId").asText()).isEqualTo(first);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
    }

    @Test
    void aResendWithTheSameIdempotencyKeyIsTheSameMessageWhateverItsBody() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
        long before = storedMessages();

        HttpResponse<String> first = post(door, token, "application/json", referral(r -> { }), key);
        HttpResponse<String> again = post(door, token, "application/json", referral(r -> { }), key); // another message id

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("messageId")).isEqualTo(json.readTree(first.body()).path("messageId"));
        assertThat(storedMessages()).isEqualTo(before + 1);
    }

    @Test
    void theSameMessagePostedConcurrentlyIsOneMessageDeliveredOncePerRecipient() throws Exception {
        String body = referral(r -> { });
        ExecutorService senders = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(senders.submit(() -> {
                start.await();
                return post(door, token, "application/json", body);
            }));
        }
        start.countDown();
        Set<String> ids = new HashSet<>();
        int accepted = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isIn(200, 202);
            accepted += response.statusCode() == 202 ? 1 : 0;
            ids.add(json.readTree(response.body()).path("messageId").asText());
        }
        senders.shutdown();

        assertThat(accepted).isEqualTo(1);
        assertThat(ids).hasSize(1);
        String id = ids.iterator().next();
        JsonNode status = await().atMost(Duration.ofSeconds(20)).until(
                () -> json.readTree(get("/api/v1/messages/" + id, token).body()), s -> "DELIVERED".equals(s.path("status").asText()));
        for (JsonNode delivery : status.path("deliveries")) {
            String recipient = delivery.path("recipient").asText();
            JsonNode received = json.readTree(get("/sandbox/" + recipient + "/received", null).body());
            assertThat(received.findValuesAsText("idempotencyKey")).as(recipient).containsOnlyOnce(id + ":" + recipient);
        }
    }

    @Test
    void refusesAMalformedIdempotencyKey() throws Exception {
        long before = storedMessages();

        HttpResponse<String> response = post(door, token, "application/json", referral(r -> { }), Map.of("Idempotency-Key", "two words"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(storedMessages()).isEqualTo(before);
    }

    @Test
    void refusesTheHl7FinlandExampleWithItsWrongCheckCharacterNamingFieldAndRule() throws Exception {
        assertRefused(referral(r -> set(r, fields.hetu(), "010190-999Y")), 400, fields.hetu(), "format", "expected 'W'");
    }

    @Test
    void refusesAMissingMandatoryFieldNamingIt() throws Exception {
        JsonPointer mandatory = JsonPointer.compile(fields.mandatory());
        String name = mandatory.last().getMatchingProperty();

        assertRefused(referral(r -> ((ObjectNode) r.at(mandatory.head())).remove(name)), 400, fields.mandatory(), "required", name);
    }

    @Test
    void refusesAnOrganisationNotEnrolledForThePartner() throws Exception {
        assertRefused(referral(r -> set(r, fields.sender(), NOT_ENROLLED)), 400, fields.sender(), "known-sender", NOT_ENROLLED);
    }

    /** A well-formed message of a type the family only receives: only referral has an inbound mapping. */
    @Test
    void refusesAMessageTypeThePartnerMayNotSend() throws Exception {
        ObjectNode summary = (ObjectNode) json.readTree(
                Files.readString(Path.of("src/test/resources/golden", family, "outbound/assessment-summary.json")));
        set(summary, fields.messageId(), "TEST-" + UUID.randomUUID());

        assertRefused(json.writeValueAsString(summary), 400, "/message_type", "message-type", "assessment-summary");
    }

    @Test
    void refusesMalformedJson() throws Exception {
        assertRefused("{\"message_type\": ", 400, "/", "json-syntax", "line 1");
    }

    @Test
    void refusesAnotherContentTypeWith415() throws Exception {
        assertRefused(token, "text/plain", referral(r -> { }), 415, "Content-Type", "media-type", "application/json");
    }

    @Test
    void refusesAnOversizeBodyWith413() throws Exception {
        String huge = "{\"pad\":\"" + "x".repeat(1_100_000) + "\"}";
        assertRefused(token, "application/json", huge, 413, "body", "max-size", "bytes");
    }

    @Test
    void refusesWithoutToken() throws Exception {
        assertRefused(null, "application/json", referral(r -> { }), 401, "Authorization", "authentication", "bearer token");
    }

    @Test
    void refusesAnotherPartnersTokenAndAnAuditorsWith403() throws Exception {
        for (String other : new String[] {"sandbox-health-care", "sandbox-auditor"}) {
            assertRefused(other, "application/json", referral(r -> { }), 403, "Authorization", "authorisation", door);
        }
    }

    @Test
    void aPartnerSeesOnlyItsOwnMessagesStatus() throws Exception {
        String id = json.readTree(post(door, token, "application/json", referral(r -> { })).body()).path("messageId").asText();

        assertThat(get("/api/v1/messages/" + id, token).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/messages/" + id, "sandbox-health-care").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/messages/" + id, "sandbox-auditor").statusCode()).isEqualTo(200);
    }

    private void assertRefused(String body, int status, String field, String rule, String detailPart) throws Exception {
        assertRefused(token, "application/json", body, status, field, rule, detailPart);
    }

    /** Refused as problem+json whose errors name the field and the rule, and nothing stored. */
    private void assertRefused(String bearer, String contentType, String body, int status, String field, String rule,
            String detailPart) throws Exception {
        long messagesBefore = storedMessages();

        HttpResponse<String> response = post(door, bearer, contentType, body);

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
        assertThat(storedMessages()).as("nothing is stored for a refused message").isEqualTo(messagesBefore);
    }

    private long storedMessages() {
        return jdbc.sql("select count(*) from message").query(Long.class).single();
    }

    /** The sample referral with a fresh message id (so tests do not see each other's messages as duplicates). */
    private String referral(Consumer<ObjectNode> change) throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample(family + "/samples/referral.json"));
        set(referral, fields.messageId(), "TEST-" + UUID.randomUUID());
        change.accept(referral);
        return json.writeValueAsString(referral);
    }

    private static void set(ObjectNode document, String pointer, String value) {
        JsonPointer field = JsonPointer.compile(pointer);
        ((ObjectNode) document.at(field.head())).put(field.last().getMatchingProperty(), value);
    }
}
