package fi.ketju.broker;

import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubTestSupport;
import fi.ketju.LogCapture;
import fi.ketju.StandaloneHub;
import fi.ketju.message.MessageLedger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

/**
 * When the broker cannot take a message (down, or between a live broker's death and its backup's start), no door
 * answers 2xx: each says, in its own form, that the hub cannot take messages just now, with Retry-After, and stores
 * nothing. The same message sent again once the broker is back is taken as new and delivered.
 */
class DoorsWithoutABrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HETU = "010181-900C";

    @Test
    void everyDoorAnswersTemporarilyUnavailableWithRetryAfterAndStoresNothing() throws Exception {
        int brokerPort = HubTestSupport.freePort();
        EmbeddedActiveMQ broker = broker(brokerPort).start();
        try (StandaloneHub hub = new StandaloneHub().start(
                "--spring.artemis.mode=native",
                // A short retry interval, as production's failover URL has: a door is not kept waiting for long.
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort + "?retryInterval=100");
                LogCapture log = LogCapture.capture()) {
            broker.stop();
            ObjectNode referral = (ObjectNode) JSON.readTree(HubTestSupport.sample("social-care/samples/referral.json"));
            referral.put("message_id", "NO-BROKER-1");

            HttpResponse<String> json = post(hub.port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                    referral.toString());
            assertThat(json.statusCode()).as(json.body()).isEqualTo(503);
            assertThat(json.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
            JsonNode problem = JSON.readTree(json.body());
            assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("temporarily-unavailable");
            assertThat(problem.path("detail").asText()).contains("broker", "not taken", "same Idempotency-Key");

            HttpResponse<String> fhir = post(hub.port, "/fhir/$process-message?async=true", "sandbox-health-care", "application/fhir+json",
                    HubTestSupport.sample("fhir/samples/referral.json"));
            assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(503);
            assertThat(fhir.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode outcome = JSON.readTree(fhir.body());
            assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo("transient");
            // Synchronous $process-message: a response message saying transient-error, its OperationOutcome as above.
            HttpResponse<String> fhirSync = post(hub.port, "/fhir/$process-message", "sandbox-health-care", "application/fhir+json",
                    HubTestSupport.sample("fhir/samples/referral.json"));
            assertThat(fhirSync.statusCode()).as(fhirSync.body()).isEqualTo(200);
            assertThat(fhirSync.headers().firstValue("Retry-After")).hasValue("5");
            JsonNode response = JSON.readTree(fhirSync.body());
            assertThat(response.at("/entry/0/resource/response/code").asText()).isEqualTo("transient-error");
            assertThat(response.at("/entry/1/resource/issue/0/code").asText()).isEqualTo("transient");

            HttpResponse<String> kela = post(hub.port, "/xroad/kela", "sandbox-kela", "text/xml; charset=UTF-8",
                    Files.readString(Path.of("mappings/kela/samples/benefit-status.xml")));
            assertThat(kela.statusCode()).as("a SOAP fault, as X-Road passes it on").isEqualTo(500);
            assertThat(kela.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(kela.body()).contains("<faultcode>SOAP-ENV:Server</faultcode>", "not taken");

            MessageLedger ledger = hub.bean(MessageLedger.class);
            assertThat(ledger.findBySenderMessageId("social-care", "NO-BROKER-1")).as("nothing stored").isEmpty();
            assertThat(ledger.findBySenderMessageId("kela", "KELA-ETU-2026-778899")).isEmpty();
            assertThat(String.join("\n", log.lines())).as("the log says why, without the message")
                    .contains("the broker is unavailable").doesNotContain(HETU);

            broker = broker(brokerPort).start();
            HttpResponse<String> again = post(hub.port, "/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                    referral.toString());
            assertThat(again.statusCode()).as("taken once the broker is back: " + again.body()).isEqualTo(202);
            HubTestSupport.awaitDelivered(hub.port, JSON.readTree(again.body()).path("messageId").asText());
        } finally {
            broker.stop();
        }
    }

    private static EmbeddedActiveMQ broker(int port) throws Exception {
        return new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("netty", "tcp://127.0.0.1:" + port));
    }
}
