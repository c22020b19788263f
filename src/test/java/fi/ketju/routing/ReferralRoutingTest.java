package fi.ketju.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.KetjuApplication;
import fi.ketju.mapping.JsltMappings;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.MockEndpointsAndSkip;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The referral-routing route (routes/referral-routing.camel.yaml): a referral taken from its inbound
 * queue is addressed to health care, recorded as a pending delivery, and put on that recipient's
 * delivery queue (skipped here, so the test sees exactly what the routing produced).
 */
@CamelSpringBootTest
@SpringBootTest(classes = KetjuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@MockEndpointsAndSkip("jms:queue:ketju.delivery.*")
class ReferralRoutingTest {

    private static final int PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        HubTestSupport.hubProperties(registry);
        registry.add("server.port", () -> PORT);
        registry.add("ketju.data-dir", () -> HubTestSupport.DATA_DIR.resolve("routing").toString());
    }

    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired JsltMappings mappings;
    @Autowired ObjectMapper json;

    @EndpointInject("mock:jms:queue:ketju.delivery.health-care")
    MockEndpoint healthCareQueue;

    @Test
    void aReferralIsAddressedToHealthCareAndQueuedForIt() throws Exception {
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        UUID id = UUID.fromString(canonical.path("messageId").asText());
        healthCareQueue.expectedMessageCount(1);

        producer.sendBodyAndHeaders("jms:queue:ketju.inbound.referral", json.writeValueAsString(canonical),
                Map.of("ketjuMessageId", id.toString(), "ketjuType", "referral"));

        healthCareQueue.assertIsSatisfied(TimeUnit.SECONDS.toMillis(10));
        String queued = healthCareQueue.getExchanges().get(0).getMessage().getBody(String.class);
        ObjectNode addressed = (ObjectNode) json.readTree(queued);
        assertThat(addressed.path("recipients")).hasSize(1);
        assertThat(addressed.path("recipients").get(0).asText()).isEqualTo("health-care");
        addressed.remove("recipients");
        assertThat(addressed).as("routing changes nothing but the recipients").isEqualTo(canonical);

        MessageStatus status = ledger.status(id).orElseThrow();
        assertThat(status.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.recipient()).isEqualTo("health-care");
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        });
    }
}
