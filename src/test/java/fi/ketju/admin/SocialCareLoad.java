package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;

/**
 * Assessment summaries, which go to social care (and employment), queued as a door queues them; and what the
 * simulated social-care partner received of them. For the tests that change routes and mappings under load.
 */
final class SocialCareLoad {

    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final MessageLedger ledger;

    SocialCareLoad(ObjectMapper json, ProducerTemplate producer, MessageLedger ledger) {
        this.json = json;
        this.producer = producer;
        this.ledger = ledger;
    }

    /** Queues {@code count} summaries, 25 ms apart; their hub message ids. */
    List<String> send(int count) {
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ObjectNode summary = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/assessment-summary.json").toFile());
                String id = UUID.randomUUID().toString();
                summary.put("messageId", id).put("senderMessageId", "ADMIN-TEST-" + id);
                ledger.recordAccepted(Envelope.of(summary), null, null, null, null, Instant.now());
                producer.sendBodyAndHeaders("jms:queue:ketju.inbound.assessment-summary", json.writeValueAsString(summary),
                        Map.of("ketjuMessageId", id, "ketjuType", "assessment-summary"));
                ids.add(id);
                Thread.sleep(25);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** Asserts each message was delivered to social care exactly once; the bodies social care received, by message id. */
    Map<String, JsonNode> assertDeliveredOnce(List<String> ids) throws IOException {
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ledger.delivery(UUID.fromString(id), "social-care").map(d -> d.status()).orElse(null),
                            DeliveryStatus.DELIVERED::equals);
        }
        JsonNode received = json.readTree(get("/sandbox/social-care/received", null).body());
        Map<String, JsonNode> bodies = new HashMap<>();
        for (String id : ids) {
            List<JsonNode> deliveries = new ArrayList<>();
            received.forEach(message -> {
                if ((id + ":social-care").equals(message.path("idempotencyKey").asText())) {
                    deliveries.add(message);
                }
            });
            assertThat(deliveries).as("%s delivered exactly once", id).hasSize(1);
            bodies.put(id, json.readTree(deliveries.get(0).path("body").asText()));
        }
        return bodies;
    }
}
