package fi.ketju.intake;

import static org.awaitility.Awaitility.await;
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

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.audit.Subjects;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.ResendSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Autowired
    JsonIntake jsonIntake;

    @Autowired
    MappingsInForce mappings;

    @Autowired
    DurableIntake durable;

    @Autowired
    Subjects subjects;

    @Autowired
    PlatformTransactionManager transactions;

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

    /** The same message, its keys in another order: still the same message. */
    @Test
    void resendingTheSameSenderMessageIdReturnsTheOriginalHubMessageId() throws Exception {
        String body = referral(r -> { });
        String first = json.readTree(post(door, token, "application/json", body).body()).path("messageId").asText();

        HttpResponse<String> again = post(door, token, "application/json", reordered(body));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("messageId").asText()).isEqualTo(first);
        assertThat(json.readTree(again.body()).path("duplicate").asBoolean()).isTrue();
    }

    /** Another client under a used message id is another message: refused 409, neither stored nor delivered. */
    @Test
    void anotherMessageUnderAUsedSenderMessageIdIsAConflictNamingTheOriginal() throws Exception {
        ObjectNode original = (ObjectNode) json.readTree(referral(r -> { }));
        String first = accepted(post(door, token, "application/json", json.writeValueAsString(original)));
        String otherHetu = freshClient();
        ObjectNode other = original.deepCopy();
        set(other, fields.hetu(), otherHetu);
        List<Long> before = stored(jdbc);

        HttpResponse<String> conflict = post(door, token, "application/json", json.writeValueAsString(other));

        assertConflict(conflict, fields.messageId(), first, otherHetu, before);
    }

    /**
     * The Idempotency-Key names one message: the same again is a resend (200), another message under it is refused
     * naming the header, whatever its own message id.
     */
    @Test
    void aResendUnderAUsedIdempotencyKeyIsAcceptedOnlyWithTheSameMessage() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + UUID.randomUUID());
        String body = referral(r -> { });
        String first = accepted(post(door, token, "application/json", body, key));

        HttpResponse<String> again = post(door, token, "application/json", body, key);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("messageId").asText()).isEqualTo(first);

        String otherHetu = freshClient();
        List<Long> before = stored(jdbc);
        HttpResponse<String> conflict = post(door, token, "application/json", referral(r -> set(r, fields.hetu(), otherHetu)), key);

        assertConflict(conflict, "Idempotency-Key", first, otherHetu, before);
    }

    /** Eight different messages under one id at once: one is accepted and delivered, the other seven are conflicts. */
    @Test
    void differentMessagesPostedConcurrentlyUnderOneIdAreOneAcceptedAndSevenConflicts() throws Exception {
        String messageId = "TEST-" + UUID.randomUUID();
        List<String> hetus = freshClients(8);
        List<String> bodies = new ArrayList<>();
        for (String hetu : hetus) {
            bodies.add(referral(r -> {
                set(r, fields.messageId(), messageId);
                set(r, fields.hetu(), hetu);
            }));
        }

        List<HttpResponse<String>> answers = postConcurrently(door, token, "application/json", bodies, Map.of());

        List<HttpResponse<String>> winners = answers.stream().filter(a -> a.statusCode() == 202).toList();
        assertThat(winners).hasSize(1);
        String id = json.readTree(winners.get(0).body()).path("messageId").asText();
        assertThat(answers).filteredOn(a -> a.statusCode() == 409).hasSize(7).allSatisfy(conflict ->
                assertThat(json.readTree(conflict.body()).path("existingMessageId").asText()).isEqualTo(id));
        awaitDelivered(id, token);
        assertThat(hetus).filteredOn(ResendSupport::receivedAnywhere).as("delivered: the accepted one only")
                .containsExactly(hetus.get(answers.indexOf(winners.get(0))));
    }

    /**
     * The hub died after the broker had a message and before the door's transaction committed: routing records it
     * (MessageLedger.recordRouted) with the digest the door computed, so the sender's resend is still told apart from
     * another message under the same id.
     */
    @Test
    void aMessageRecordedOnlyByRoutingKeepsItsDigestForTheResend() throws Exception {
        String body = referral(r -> { });
        ObjectNode canonical = (ObjectNode) jsonIntake.toCanonical(mappings.current(), family, "referral.json",
                body.getBytes(StandardCharsets.UTF_8));
        String digest = ContentDigest.of(canonical, true);
        canonical.put("chainId", UUID.randomUUID().toString());
        String orphan = canonical.path("messageId").asText();
        new TransactionTemplate(transactions).executeWithoutResult(lost -> {
            durable.enqueue(canonical, subjects.of(canonical.path("subject")), null, digest, Instant.now());
            lost.setRollbackOnly();
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select content_digest from message where id = :id")
                .param("id", UUID.fromString(orphan)).query(String.class).optional(), recorded -> recorded.equals(Optional.of(digest)));

        HttpResponse<String> resent = post(door, token, "application/json", body);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(json.readTree(resent.body()).path("messageId").asText()).isEqualTo(orphan);
        String otherHetu = freshClient();
        ObjectNode other = (ObjectNode) json.readTree(body);
        set(other, fields.hetu(), otherHetu);
        List<Long> before = stored(jdbc);
        assertConflict(post(door, token, "application/json", json.writeValueAsString(other)), fields.messageId(), orphan, otherHetu,
                before);
    }

    @Test
    void theSameMessagePostedConcurrentlyIsOneMessageDeliveredOncePerRecipient() throws Exception {
        String body = referral(r -> { });
        List<HttpResponse<String>> answers = postConcurrently(door, token, "application/json", Collections.nCopies(8, body), Map.of());
        Set<String> ids = new HashSet<>();
        int accepted = 0;
        for (HttpResponse<String> response : answers) {
            assertThat(response.statusCode()).isIn(200, 202);
            accepted += response.statusCode() == 202 ? 1 : 0;
            ids.add(json.readTree(response.body()).path("messageId").asText());
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(ids).hasSize(1);
        String id = ids.iterator().next();
        JsonNode status = awaitDelivered(id, token);
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

    /** Accepted (202): its hub message id. */
    private String accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("messageId").asText();
    }

    /**
     * A 409 problem naming the reused {@code field}, the rule and the hub message it belongs to, never the client; the
     * refusal in the audit trail by field and rule; and nothing of the message kept or delivered.
     */
    private void assertConflict(HttpResponse<String> response, String field, String existingId, String hetu, List<Long> storedBefore)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain(hetu);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://ketju.fi/problems/conflict");
        assertThat(problem.path("existingMessageId").asText()).isEqualTo(existingId);
        assertThat(problem.path("existingMessage").asText()).isEqualTo("/api/v1/messages/" + existingId);
        assertThat(problem.path("detail").asText()).contains(field, existingId);
        assertThat(problem.path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo(field);
            assertThat(error.path("rule").asText()).isEqualTo("conflict");
            assertThat(error.path("detail").asText()).contains(existingId);
        });
        assertThat(lastRejection(jdbc)).isEqualTo("at " + door + ": " + field + " (conflict)");
        assertNothingKept(jdbc, storedBefore, existingId, token, hetu);
    }

    /** The same JSON with every object's keys in reverse order. */
    private String reordered(String body) throws Exception {
        return json.writeValueAsString(reversed(json.readTree(body)));
    }

    private JsonNode reversed(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.reverse(names);
            ObjectNode copy = json.createObjectNode();
            names.forEach(name -> copy.set(name, reversed(node.get(name))));
            return copy;
        }
        return node;
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
