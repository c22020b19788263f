package fi.ketju.delivery;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What social care and employment services receive, end to end: each canonical sample, routed and minimised by
 * the disclosure policy as in production, reaches the simulated partner in the family's own JSON, valid against
 * the family's schema (also where the policy withheld a field the canonical schema requires) and carrying the
 * hub message id.
 */
class JsonFamiliesDeliveryTest extends HubIntegrationTest {

    private static final List<String> JSON_FAMILIES = List.of("employment", "social-care");

    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired JsonSchemas schemas;
    @Autowired TranslationTable translations;
    @Autowired ObjectMapper json;

    static Stream<Arguments> samplesThatReachBothJsonFamilies() {
        Consumer<ObjectNode> asIpsReferralFromHealthCare = referral -> {
            ((ObjectNode) referral.path("sender")).put("partner", "health-care");
            ((ObjectNode) referral.path("payload")).put("service", "ips-supported-employment");
        };
        return Stream.of(
                // The consent covers social care, not employment: employment gets no reason, which the canonical requires.
                Arguments.of("referral", asIpsReferralFromHealthCare),
                // Employment gets neither the team nor the signer.
                Arguments.of("assessment-summary", (Consumer<ObjectNode>) summary -> { }),
                Arguments.of("benefit-status", (Consumer<ObjectNode>) status -> { }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplesThatReachBothJsonFamilies")
    void sampleReachesBothJsonFamiliesValidInTheirOwnFormat(String type, Consumer<ObjectNode> change) throws Exception {
        ObjectNode canonical = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples", type + ".json").toFile());
        String id = UUID.randomUUID().toString();
        canonical.put("messageId", id).put("senderMessageId", "TEST-" + id);
        change.accept(canonical);

        // As a door does: recorded, then on its type's inbound queue.
        ledger.recordAccepted(Envelope.of(canonical), null, null, null, null, Instant.now());
        producer.sendBodyAndHeaders("jms:queue:ketju.inbound." + type, json.writeValueAsString(canonical),
                Map.of("ketjuMessageId", id, "ketjuType", type));

        MessageStatus status = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.status(UUID.fromString(id)).orElse(null), this::jsonDeliveriesSettled);
        for (String family : JSON_FAMILIES) {
            assertThat(status.deliveries()).filteredOn(delivery -> delivery.recipient().equals(family)).singleElement()
                    .satisfies(delivery -> assertThat(delivery.status()).as(String.valueOf(delivery.lastFailure())).isEqualTo(DeliveryStatus.DELIVERED));
            JsonNode received = json.readTree(receivedBy(family, id + ":" + family).path("body").asText());
            String schema = translations.outbound(family, "schema").orElseThrow();
            assertThat(schemas.validate(schema, received)).as("%s against %s", received, schema).isEmpty();
            assertThat(received.path("message_type").asText()).isEqualTo(type);
            assertThat(received.toString()).contains(id);
        }
    }

    private boolean jsonDeliveriesSettled(MessageStatus status) {
        return status != null && JSON_FAMILIES.stream().allMatch(family -> status.deliveries().stream()
                .anyMatch(d -> d.recipient().equals(family)
                        && (d.status() == DeliveryStatus.DELIVERED || d.status() == DeliveryStatus.DEAD)));
    }

    private JsonNode receivedBy(String family, String idempotencyKey) throws Exception {
        for (JsonNode message : json.readTree(get("/sandbox/" + family + "/received", null).body())) {
            if (idempotencyKey.equals(message.path("idempotencyKey").asText())) {
                return message;
            }
        }
        throw new AssertionError("the " + family + " sandbox received nothing with Idempotency-Key " + idempotencyKey);
    }
}
