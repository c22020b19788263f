package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.ScriptedPartner;
import fi.ketju.broker.DuplicateIds;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin API for dead letters, against the scripted partner: a message it refuses (422) is
 * dead-lettered, then listed, replayed once the partner is fixed, or discarded with a reason.
 */
class DeadLetterAdminTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";
    private static final String ADMIN = "sandbox-admin";
    private static final String DEAD_LETTERS = "/api/v1/admin/dead-letters";
    @Autowired DeadLetterQueues deadLetterQueues;

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    /** A fresh hub's dead-letter list (the console's page, the API) is empty, not a 500: no queue yet is no dead letter. */
    @Test
    void aRecipientWhoseDeadLetterQueueWasNeverMadeHasNoDeadLetters() {
        assertThat(deadLetterQueues.browse("never-dead-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void listsADeadLetterWithItsReasonAndLedgerDetailsWithoutConsumingIt() throws Exception {
        UUID id = deadLetter(422);

        JsonNode listed = awaitListed(id);
        assertThat(listed.path("recipient").asText()).isEqualTo(PARTNER);
        assertThat(listed.path("type").asText()).isEqualTo("referral");
        assertThat(listed.path("reason").asText()).contains("HTTP 422");
        assertThat(listed.path("attempts").asInt()).isEqualTo(1);
        assertThat(listed.path("lastFailure").path("kind").asText()).isEqualTo("REFUSED");
        assertThat(listed.path("lastFailure").path("httpStatus").asInt()).isEqualTo(422);
        assertThat(listed.path("deadLetteredAt").asText()).isNotEmpty();
        assertThat(listed.has("body")).isFalse();

        // Browsing consumed nothing: every partner's listing, and the single view, still show it.
        assertThat(findIn(get(DEAD_LETTERS, ADMIN), id)).isNotNull();
        HttpResponse<String> one = get(DEAD_LETTERS + "/" + PARTNER + "/" + id, ADMIN);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json.readTree(one.body())).isEqualTo(listed);
    }

    @Test
    void aReplayAfterThePartnerIsFixedDeliversItOnceAndTheStatusShowsIt() throws Exception {
        UUID id = deadLetter(422);
        awaitListed(id);
        partner.answer(); // fixed: 200 from now on

        HttpResponse<String> replay = post(DEAD_LETTERS + "/" + PARTNER + "/" + id + "/replay", ADMIN,
                "application/json", "{\"reason\":\"partner fixed its validation\"}");

        assertThat(replay.statusCode()).isEqualTo(204);
        deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(partner.requests()).singleElement()
                .satisfies(request -> assertThat(request.idempotencyKey()).isEqualTo(id + ":" + PARTNER));
        JsonNode status = json.readTree(get("/api/v1/messages/" + id, ADMIN).body());
        assertThat(status.path("deliveries").get(0).path("attempts").asInt()).isEqualTo(2);
        List<String> events = status.path("log").findValuesAsText("event");
        assertThat(events).containsSubsequence("DEAD_LETTERED", "REPLAYED", "TRANSLATED", "DELIVERED");
        assertThat(logDetail(status, "REPLAYED")).isEqualTo("by admin: partner fixed its validation");
        assertThat(logDetail(status, "DELIVERED")).as("the replay is the next attempt").startsWith("attempt 2: HTTP 200");
        assertThat(findIn(get(DEAD_LETTERS + "?recipient=" + PARTNER, ADMIN), id)).isNull();
    }

    @Test
    void aReplayIsTheOriginalMessageWithItsHeadersAndWhyItHadDied() throws Exception {
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        partner.answer(422);
        UUID id = deliveries.send(canonical, PARTNER);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        awaitListed(id);
        // Hold the delivery route so that the replayed message stays on the queue to be looked at.
        camel.getRouteController().stopRoute(PARTNER + "-delivery");
        try {
            post(DEAD_LETTERS + "/" + PARTNER + "/" + id + "/replay", ADMIN, "application/json", "");

            Exchange replayed = consumer.receive("jms:queue:" + queues.delivery(PARTNER) + "?selector=ketjuMessageId='" + id + "'", 5000);
            assertThat(replayed).isNotNull();
            assertThat(json.readTree(replayed.getMessage().getBody(String.class))).isEqualTo(canonical);
            assertThat(replayed.getMessage().getHeader("ketjuType", String.class)).isEqualTo("referral");
            assertThat(replayed.getMessage().getHeader("ketjuReplayOf", String.class)).contains("HTTP 422");
            // A duplicate id of its own: under the delivery's, the broker would drop the replay as a duplicate.
            assertThat(replayed.getMessage().getHeader(DuplicateIds.HEADER, String.class))
                    .startsWith(id + ":" + PARTNER + ":replay:").isNotEqualTo(id + ":" + PARTNER);
            MessageStatus.Delivery delivery = ledger.delivery(id, PARTNER).orElseThrow();
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(delivery.attempts()).isEqualTo(1);
        } finally {
            camel.getRouteController().startRoute(PARTNER + "-delivery");
        }
    }

    @Test
    void aReplayRefusedAgainIsDeadLetteredAgainAndItsNextReplayIsDelivered() throws Exception {
        partner.answer(422, 422);
        UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        awaitListed(id);
        String replay = DEAD_LETTERS + "/" + PARTNER + "/" + id + "/replay";

        // Still refused: dead-lettered a second time, which the broker must not take for a duplicate of the first.
        assertThat(post(replay, ADMIN, "application/json", "").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> partner.requests().size() == 2);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        awaitListed(id);
        partner.answer();

        assertThat(post(replay, ADMIN, "application/json", "").statusCode()).isEqualTo(204);
        deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED);
        assertThat(partner.requests()).singleElement()
                .satisfies(request -> assertThat(request.idempotencyKey()).isEqualTo(id + ":" + PARTNER));
        assertThat(findIn(get(DEAD_LETTERS + "?recipient=" + PARTNER, ADMIN), id)).isNull();
    }

    @Test
    void replaysByFilterOnlyTheMatchingDeadLetters() throws Exception {
        UUID refused = deadLetter(422);
        UUID gone = deadLetter(410);
        awaitListed(refused);
        awaitListed(gone);
        partner.answer();

        HttpResponse<String> replay = post(DEAD_LETTERS + "/" + PARTNER + "/replay", ADMIN, "application/json",
                "{\"type\":\"referral\",\"reasonContains\":\"HTTP 410\",\"deadBefore\":\"" + Instant.now().plusSeconds(60) + "\"}");

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.convertValue(json.readTree(replay.body()).path("replayed"), UUID[].class)).containsExactly(gone);
        deliveries.awaitDelivery(gone, DeliveryStatus.DELIVERED);
        assertThat(logDetail(json.readTree(get("/api/v1/messages/" + gone, ADMIN).body()), "REPLAYED"))
                .startsWith("by admin: matching type referral, reason contains 'HTTP 410', dead before ");
        assertThat(ledger.delivery(refused, PARTNER).orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(findIn(get(DEAD_LETTERS + "?recipient=" + PARTNER, ADMIN), refused)).isNotNull();
    }

    @Test
    void aDiscardNeedsAReasonAndIsLoggedWithTheAdminsName() throws Exception {
        UUID id = deadLetter(422);
        awaitListed(id);
        String discard = DEAD_LETTERS + "/" + PARTNER + "/" + id + "/discard";

        for (String withoutReason : List.of("", "{}", "{\"reason\":\" \"}")) {
            HttpResponse<String> refused = post(discard, ADMIN, "application/json", withoutReason);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(refused.body()).path("errors").get(0).path("field").asText()).isEqualTo("/reason");
        }
        assertThat(post(discard, ADMIN, "application/json", "{\"reason\":\"duplicate of a message sent by phone\"}").statusCode())
                .isEqualTo(204);

        assertThat(findIn(get(DEAD_LETTERS + "?recipient=" + PARTNER, ADMIN), id)).isNull();
        JsonNode status = json.readTree(get("/api/v1/messages/" + id, ADMIN).body());
        assertThat(status.path("deliveries").get(0).path("status").asText()).isEqualTo("DEAD");
        assertThat(logDetail(status, "DISCARDED")).isEqualTo("by admin: duplicate of a message sent by phone");
        assertThat(partner.requests()).hasSize(1); // only the refused attempt
    }

    @Test
    void onlyAdminsMayUseIt() {
        assertThat(get(DEAD_LETTERS, null).statusCode()).isEqualTo(401);
        assertThat(get(DEAD_LETTERS, "sandbox-health-care").statusCode()).isEqualTo(403);
        assertThat(get(DEAD_LETTERS, "sandbox-auditor").statusCode()).isEqualTo(403);
        assertThat(post(DEAD_LETTERS + "/" + PARTNER + "/replay", "sandbox-social-care", "application/json", "{}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void anUnknownMessageOrRecipientIsNotFoundAndAMalformedOneIsNamed() throws Exception {
        UUID unknown = UUID.randomUUID();
        for (HttpResponse<String> response : List.of(
                get(DEAD_LETTERS + "/" + PARTNER + "/" + unknown, ADMIN),
                post(DEAD_LETTERS + "/" + PARTNER + "/" + unknown + "/replay", ADMIN, "application/json", ""),
                post(DEAD_LETTERS + "/" + PARTNER + "/" + unknown + "/discard", ADMIN, "application/json", "{\"reason\":\"x\"}"))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("messageId");
        }
        HttpResponse<String> noSuchPartner = get(DEAD_LETTERS + "?recipient=nobody", ADMIN);
        assertThat(noSuchPartner.statusCode()).isEqualTo(404);
        assertThat(json.readTree(noSuchPartner.body()).path("errors").get(0).path("field").asText()).isEqualTo("recipient");
        HttpResponse<String> notAnId = get(DEAD_LETTERS + "/" + PARTNER + "/not-a-uuid", ADMIN);
        assertThat(notAnId.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notAnId.body()).path("errors").get(0).path("field").asText()).isEqualTo("messageId");
        HttpResponse<String> notAnInstant = post(DEAD_LETTERS + "/" + PARTNER + "/replay", ADMIN, "application/json",
                "{\"deadBefore\":\"yesterday\"}");
        assertThat(notAnInstant.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notAnInstant.body()).path("errors").get(0).path("field").asText()).isEqualTo("/deadBefore");
    }

    /** Sends a referral the scripted partner refuses with {@code status}, and waits until its delivery is dead. */
    private UUID deadLetter(int status) throws Exception {
        partner.answer(status);
        UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        return id;
    }

    /** The ledger records the death just before the broker commits the dead letter, so wait for the listing. */
    private JsonNode awaitListed(UUID id) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> findIn(get(DEAD_LETTERS + "?recipient=" + PARTNER, ADMIN), id), listed -> listed != null);
    }

    private JsonNode findIn(HttpResponse<String> listing, UUID id) throws Exception {
        assertThat(listing.statusCode()).isEqualTo(200);
        for (JsonNode deadLetter : json.readTree(listing.body())) {
            if (deadLetter.path("hubMessageId").asText().equals(id.toString())) {
                return deadLetter;
            }
        }
        return null;
    }

    private static String logDetail(JsonNode status, String event) {
        for (JsonNode entry : status.path("log")) {
            if (entry.path("event").asText().equals(event)) {
                return entry.path("detail").asText();
            }
        }
        return null;
    }
}
