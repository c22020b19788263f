package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.LogCapture;
import fi.ketju.ScriptedPartner;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an operator's Prometheus, load balancer and log reader see: per route and per partner figures at
 * /actuator/prometheus (no token needed), health with the broker, the database and each partner's circuit, and log
 * lines that name the message they are about (its hub message id and chain id) but never quote it.
 */
class ObservabilityTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

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
                // the embedded H2's commits, written in groups (fi.ketju.database)
                .containsPattern("ketju_database_commits_written_total [1-9]")
                .containsPattern("ketju_database_writes_total [1-9]")
                // the door's request timed whole, not each security filter of it again (SecurityConfiguration)
                .containsPattern("http_server_requests_seconds_count\\{.*status=\"202\",uri=\"/api/v1/\\{family:social-care\\|employment}/messages\"} [1-9]")
                .doesNotContain("spring_security_")
                .doesNotContain("010181-900C");
    }

    @Test
    void everyLogLineAboutAMessageCarriesItsIdsAndNoneItsBodyOrIdentityCode() throws Exception {
        String hetu = testHetu(4242);
        LogCapture captured = LogCapture.capture();
        UUID accepted;
        UUID fromKela;
        Envelope refused;
        try {
            // A referral through the social-care door to health care.
            ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
            referral.put("message_id", "LOGS-" + UUID.randomUUID());
            ((ObjectNode) referral.path("client")).put("hetu", hetu);
            var answer = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", json.writeValueAsString(referral));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            accepted = UUID.fromString(json.readTree(answer.body()).path("messageId").asText());
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ledger.status(accepted).map(status -> status.status().name()).orElse(null), "DELIVERED"::equals);

            // A benefit status through Kela's X-Road door to the client's service chain.
            String benefitStatus = Files.readString(Path.of("mappings/kela/samples/benefit-status.xml"))
                    .replace("KELA-ETU-2026-778899", "LOGS-" + UUID.randomUUID()).replace("010181-900C", hetu);
            var kela = post("/xroad/kela", "sandbox-kela", "text/xml; charset=UTF-8", benefitStatus);
            assertThat(kela.statusCode()).as(kela.body()).isEqualTo(200);
            String location = kela.headers().firstValue("Location").orElseThrow();
            fromKela = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ledger.status(fromKela).map(status -> status.status().name()).orElse(null), "DELIVERED"::equals);

            // A delivery that fails, is given up and replayed by an admin; the partner's answers quote the message.
            ObjectNode canonical = CanonicalSamples.referral(mappings, json);
            ((ObjectNode) canonical.path("subject")).put("hetu", hetu);
            refused = Envelope.of(canonical);
            partner.answerWith(new ScriptedPartner.Answer(503, "text/plain", "down; hetu " + hetu),
                    new ScriptedPartner.Answer(422, "application/json", "{\"invalid\":\"" + hetu + "\"}"));
            ledger.recordRouted(refused, null, null, List.of(PARTNER));
            producer.sendBodyAndHeaders("jms:queue:" + queues.delivery(PARTNER), json.writeValueAsString(canonical), Map.of(
                    MessageContext.MESSAGE_ID, refused.messageId().toString(), MessageContext.CHAIN_ID, refused.chainId(),
                    "ketjuType", refused.type()));
            deliveries.awaitDelivery(refused.messageId(), DeliveryStatus.DEAD);
            partner.answer();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> post(
                    "/api/v1/admin/dead-letters/" + PARTNER + "/" + refused.messageId() + "/replay", "sandbox-admin",
                    "application/json", "{\"reason\":\"fixed\"}").statusCode(), status -> status == 204);
            deliveries.awaitDelivery(refused.messageId(), DeliveryStatus.DELIVERED);
        } finally {
            captured.close();
        }

        List<ILoggingEvent> events = captured.events();
        String chain = ledger.status(accepted).orElseThrow().chainId();
        String kelaChain = ledger.status(fromKela).orElseThrow().chainId();
        for (ILoggingEvent event : events) {
            Map<String, String> context = event.getMDCPropertyMap();
            String line = LogCapture.text(event);
            for (Map.Entry<UUID, String> message : Map.of(accepted, chain, fromKela, kelaChain, refused.messageId(), refused.chainId())
                    .entrySet()) {
                if (line.contains(message.getKey().toString())) {
                    assertThat(context).as(line)
                            .containsEntry(MessageContext.MESSAGE_ID, message.getKey().toString())
                            .containsEntry(MessageContext.CHAIN_ID, message.getValue());
                }
            }
            if (context.containsKey(MessageContext.MESSAGE_ID)) {
                assertThat(context).as(line).containsKey(MessageContext.CHAIN_ID);
            }
            assertThat(line + context).as("a line without the identity code or the body")
                    .doesNotContain(hetu, "Esimerkkikatu", "Työkyky heikentynyt", "\"subject\"", "\"hetu\"");
        }
        assertThat(linesAbout(events, accepted, chain))
                .anySatisfy(line -> assertThat(line).isEqualTo("Accepted referral from social-care"))
                .anySatisfy(line -> assertThat(line).isEqualTo("Delivered to health-care: HTTP 200"));
        assertThat(linesAbout(events, fromKela, kelaChain))
                .anySatisfy(line -> assertThat(line).isEqualTo("Accepted benefit-status from kela"))
                .anySatisfy(line -> assertThat(line).startsWith("Delivered to "));
        assertThat(linesAbout(events, refused.messageId(), refused.chainId()))
                .anySatisfy(line -> assertThat(line).isEqualTo("Delivery to scripted failed (unavailable, HTTP 503)"))
                .anySatisfy(line -> assertThat(line).startsWith("Delivery to scripted given up (refused, HTTP 422)"))
                .anySatisfy(line -> assertThat(line).isEqualTo("Dead letter for scripted replayed by admin"))
                .anySatisfy(line -> assertThat(line).isEqualTo("Delivered to scripted: HTTP 200"));
    }

    /** What was logged with the message's ids in the logging context. */
    private static List<String> linesAbout(List<ILoggingEvent> events, UUID messageId, String chainId) {
        return events.stream()
                .filter(event -> messageId.toString().equals(event.getMDCPropertyMap().get(MessageContext.MESSAGE_ID)))
                .peek(event -> assertThat(event.getMDCPropertyMap()).containsEntry(MessageContext.CHAIN_ID, chainId))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void healthShowsBrokerDatabaseAndEachPartnersCircuit() throws Exception {
        JsonNode health = json.readTree(get("/actuator/health", null).body());
        assertThat(health.path("components").path("jms").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("partners").path("details").path("circuits").path("kela").asText())
                .isEqualTo("CLOSED");
        // The hub serves before its FHIR validator is warm; a test's hub is handed over once it is (FhirDoorReadyBeforeTests).
        assertThat(health.path("components").path("fhirDoor").path("details").path("state").asText()).isEqualTo("ready");
    }
}
