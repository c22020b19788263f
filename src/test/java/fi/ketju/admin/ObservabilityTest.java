package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an operator's Prometheus and load balancer see: per route and per partner figures at /actuator/prometheus
 * (no token needed), and health with the broker, the database and each partner's circuit.
 */
class ObservabilityTest extends HubIntegrationTest {

    @Autowired ObjectMapper json;

    @Test
    void aDeliveredMessageIsCountedPerRouteAndPartnerWithItsLatency() throws Exception {
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "METRICS-" + UUID.randomUUID());
        var accepted = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", json.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).path("messageId").asText();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> json.readTree(get("/api/v1/messages/" + id, "sandbox-social-care").body()).path("status").asText(),
                        "DELIVERED"::equals);

        var scrape = get("/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("ketju_messages_accepted_total\\{sender=\"social-care\",type=\"referral\"} [1-9]")
                .containsPattern("ketju_route_exchanges_total\\{outcome=\"completed\",route=\"referral-routing\"} [1-9]")
                .containsPattern("ketju_route_exchanges_total\\{outcome=\"completed\",route=\"health-care-delivery\"} [1-9]")
                .containsPattern("ketju_deliveries_total\\{outcome=\"delivered\",partner=\"health-care\"} [1-9]")
                .containsPattern("ketju_delivery_latency_seconds_bucket\\{partner=\"health-care\",le=\"[0-9.]+\"} [1-9]")
                .containsPattern("ketju_delivery_latency_seconds_count\\{partner=\"health-care\"} [1-9]")
                // queue depth, from the embedded broker
                .containsPattern("artemis_message_count\\{.*queue=\"ketju.delivery.health-care\".*} 0")
                .containsPattern("resilience4j_circuitbreaker_state\\{name=\"kela\",state=\"closed\"} 1")
                .doesNotContain("010181-900C");
    }

    @Test
    void healthShowsBrokerDatabaseAndEachPartnersCircuit() throws Exception {
        JsonNode health = json.readTree(get("/actuator/health", null).body());
        assertThat(health.path("components").path("jms").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("partners").path("details").path("circuits").path("kela").asText())
                .isEqualTo("CLOSED");
    }
}
