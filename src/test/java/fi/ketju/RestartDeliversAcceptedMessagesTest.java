package fi.ketju;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A 202 means durable: messages accepted while health care is unreachable survive a stop of the hub
 * (broker journal and database on disk) and are delivered, once each and in order, after it starts again.
 */
class RestartDeliversAcceptedMessagesTest {

    private static final int MESSAGES = 5;

    private final ObjectMapper json = new ObjectMapper();
    private final StandaloneHub hub = new StandaloneHub();
    private final int port = hub.port;

    @Test
    void messagesAcceptedBeforeARestartAreDeliveredOnceAfterIt() throws Exception {
        List<String> ids = new ArrayList<>();
        int nobodyListens = HubTestSupport.freePort();
        try (StandaloneHub running = hub.start("--ketju.delivery.max-attempts=1000",
                "--ketju.partners.health-care.url=http://localhost:" + nobodyListens + "/fhir")) {
            for (int i = 0; i < MESSAGES; i++) {
                ids.add(accept());
            }
            // One client's messages: the first is being retried, the others wait behind it in order.
            await().atMost(Duration.ofSeconds(20)).until(() -> status(ids.get(0)).path("deliveries").path(0).path("status").asText(),
                    "FAILED"::equals);
            for (String id : ids) {
                assertThat(status(id).path("status").asText()).isNotEqualTo("DELIVERED");
            }
        }

        try (StandaloneHub running = hub.start("--ketju.delivery.max-attempts=1000")) {
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(30)).until(() -> status(id).path("status").asText(), "DELIVERED"::equals);
            }
            JsonNode received = json.readTree(get(port, "/sandbox/health-care/received", null).body());
            for (String id : ids) {
                assertThat(received.findValuesAsText("idempotencyKey")).as("delivered exactly once")
                        .containsOnlyOnce(id + ":health-care");
            }
        }
    }

    private String accept() throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "RESTART-" + UUID.randomUUID());
        var response = post(port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                json.writeValueAsString(referral));
        assertThat(response.statusCode()).isEqualTo(202);
        return json.readTree(response.body()).path("messageId").asText();
    }

    private JsonNode status(String id) throws Exception {
        return json.readTree(get(port, "/api/v1/messages/" + id, "sandbox-social-care").body());
    }
}
