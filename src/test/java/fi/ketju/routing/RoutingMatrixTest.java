package fi.ketju.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubTestSupport;
import fi.ketju.KetjuApplication;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
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
 * The routing matrix of routes/*-routing.camel.yaml: who receives each message type. Delivery queues are
 * skipped, so the test sees exactly what the routing put on them, the envelope's recipients and the
 * pending deliveries recorded.
 */
@CamelSpringBootTest
@SpringBootTest(classes = KetjuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@MockEndpointsAndSkip("jms:queue:ketju.delivery.*")
class RoutingMatrixTest {

    private static final int PORT = HubTestSupport.freePort();
    private static final List<String> FAMILIES = List.of("social-care", "health-care", "employment", "kela");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry registry) {
        HubTestSupport.hubProperties(registry);
        registry.add("server.port", () -> PORT);
        registry.add("ketju.data-dir", () -> HubTestSupport.DATA_DIR.resolve("routing").toString());
        // The broker's backstop against a loop, low enough to watch it act (1000 hand-outs by default).
        registry.add("ketju.broker.backstop-attempts", () -> "4");
    }

    @Autowired ProducerTemplate producer;
    @Autowired ConsumerTemplate consumer;
    @Autowired CamelContext camel;
    @Autowired MessageLedger ledger;
    @Autowired ObjectMapper json;

    @Test
    void aWorkAbilityTeamReferralGoesToHealthCareAndNeverBackToItsSender() throws Exception {
        ObjectNode referral = sample("referral"); // from social care, consent covers health care and social care

        assertThat(route(referral)).containsExactly("health-care");
    }

    @Test
    void aWorkAbilityTeamReferralGoesToSocialCareOnlyWithConsent() throws Exception {
        ObjectNode withConsent = from(sample("referral"), "employment");
        assertThat(route(withConsent)).containsExactlyInAnyOrder("health-care", "social-care");

        ObjectNode withoutConsent = from(sample("referral"), "employment");
        ((ArrayNode) withoutConsent.path("payload").path("legalBasis").path("consentScope")).removeAll().add("health-care");
        assertThat(route(withoutConsent)).containsExactly("health-care");
    }

    @Test
    void anIpsReferralGoesToEmploymentAndSocialCare() throws Exception {
        ObjectNode referral = from(sample("referral"), "health-care");
        ((ObjectNode) referral.path("payload")).put("service", "ips-supported-employment");

        assertThat(route(referral)).containsExactlyInAnyOrder("employment", "social-care");
    }

    @Test
    void aVocationalRehabilitationReferralGoesToKela() throws Exception {
        ObjectNode referral = sample("referral");
        ((ObjectNode) referral.path("payload")).put("service", "vocational-rehabilitation");

        assertThat(route(referral)).containsExactly("kela");
    }

    @Test
    void anAssessmentSummaryGoesBackToTheReferrerAndToEachPartyTheConsentCovers() throws Exception {
        ObjectNode referral = from(sample("referral"), "employment");
        ledger.recordAccepted(Envelope.of(referral), null, null, null, null, Instant.now());
        ObjectNode summary = sample("assessment-summary"); // from health care; consent covers social care, employment, kela
        ((ObjectNode) summary.path("payload")).put("referralMessageId", referral.path("messageId").asText());
        ((ArrayNode) summary.path("payload").path("legalBasis").path("consentScope")).removeAll().add("social-care");

        assertThat(route(summary)).containsExactlyInAnyOrder("employment", "social-care");
    }

    @Test
    void anAssessmentSummaryOnAStatutoryBasisGoesBackToTheReferrerOnly() throws Exception {
        ObjectNode referral = from(sample("referral"), "social-care");
        ledger.recordAccepted(Envelope.of(referral), null, null, null, null, Instant.now());
        ObjectNode summary = sample("assessment-summary");
        ((ObjectNode) summary.path("payload")).put("referralMessageId", referral.path("messageId").asText());
        ((ObjectNode) summary.path("payload")).putObject("legalBasis").put("kind", "statutory").put("statute", "Act 703/2023");

        assertThat(route(summary)).containsExactly("social-care");
    }

    @Test
    void aMessageThatCanNeverBeRoutedIsKeptInTheBackstopDeadLetterQueueNotDropped() {
        String unroutable = "{not json";
        producer.sendBodyAndHeaders("jms:queue:ketju.inbound.referral", unroutable,
                Map.of("ketjuMessageId", UUID.randomUUID().toString(), "ketjuType", "referral"));

        // After the broker's backstop limit (ketju.broker.backstop-attempts), each hand-out retried here with growing delays.
        assertThat(consumer.receiveBody("jms:queue:ketju.dead.unhandled", 60_000, String.class)).isEqualTo(unroutable);
    }

    @Test
    void aBenefitStatusGoesToSocialCareHealthCareAndEmployment() throws Exception {
        assertThat(route(sample("benefit-status"))).containsExactlyInAnyOrder("social-care", "health-care", "employment");
    }

    /** Puts the message on its type's inbound queue and answers the recipients whose delivery queues got it. */
    private Set<String> route(ObjectNode message) throws Exception {
        MockEndpoint.resetMocks(camel);
        UUID id = UUID.fromString(message.path("messageId").asText());
        // Recorded as its door does (else routing would first wait to see whether the door's commit comes).
        ledger.recordAccepted(Envelope.of(message), null, null, null, null, Instant.now());
        producer.sendBodyAndHeaders("jms:queue:ketju.inbound." + message.path("type").asText(), json.writeValueAsString(message),
                Map.of("ketjuMessageId", id.toString(), "ketjuType", message.path("type").asText()));

        // Routed means: deliveries recorded, and one copy on each of those recipients' queues.
        return await().atMost(Duration.ofSeconds(10)).until(() -> queued(), queued -> {
            var status = ledger.status(id).orElse(null);
            return status != null && !status.deliveries().isEmpty()
                    && status.deliveries().stream().allMatch(d -> d.status() == DeliveryStatus.PENDING)
                    && status.deliveries().stream().map(d -> d.recipient()).collect(Collectors.toSet()).equals(queued);
        });
    }

    private Set<String> queued() {
        return FAMILIES.stream()
                .filter(family -> !camel.getEndpoint("mock:jms:queue:ketju.delivery." + family, MockEndpoint.class)
                        .getReceivedExchanges().isEmpty())
                .collect(Collectors.toSet());
    }

    private ObjectNode sample(String type) throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/" + type + ".json").toFile());
        message.put("messageId", UUID.randomUUID().toString());
        message.put("senderMessageId", "TEST-" + UUID.randomUUID());
        return message;
    }

    private static ObjectNode from(ObjectNode message, String partner) {
        ((ObjectNode) message.path("sender")).put("partner", partner);
        return message;
    }
}
