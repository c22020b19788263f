package fi.ketju.disclosure;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Data minimisation proven on what the partners actually received: messages go through routing, the
 * disclosure policy and each family's real outbound mapping to the simulated partners, and the test
 * searches the delivered payloads for what must not be there.
 */
class DisclosureEndToEndTest extends HubIntegrationTest {

    private static final String[] DIAGNOSES = {"F32.1", "M54.5", "Keskivaikea masennustila"};
    private static final String CLINICAL_NOTES = "Masennusoireet lievittyneet";
    private static final String[] CLIENT_CONTACT = {"Esimerkkikatu", "+358 40 000 0002"};

    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired ObjectMapper json;

    @Test
    void employmentServicesGetNoDiagnosesOrClinicalTextWithoutConsent() throws Exception {
        ObjectNode summary = assessmentAnsweringAReferralFrom("employment");
        ObjectNode basis = ((ObjectNode) summary.path("payload")).putObject("legalBasis");
        basis.put("kind", "statutory").put("statute", "Act 380/2023 on organising employment services, section 41");

        MessageStatus status = deliver(summary);

        String received = receivedBy("employment", status);
        assertThat(received).doesNotContain(DIAGNOSES).doesNotContain(CLINICAL_NOTES).contains("d850");
        MessageStatus.Delivery delivery = delivery(status, "employment");
        assertThat(delivery.legalBasis()).contains("380/2023");
        assertThat(delivery.dataCategories()).contains("functioning", "work-ability").doesNotContain("diagnoses", "clinical-text");
    }

    @Test
    void consentCoveringEmploymentServicesLetsDiagnosesThrough() throws Exception {
        MessageStatus status = deliver(assessmentAnsweringAReferralFrom("employment")); // sample consent covers employment

        assertThat(receivedBy("employment", status)).contains("F32.1");
        assertThat(delivery(status, "employment").legalBasis()).startsWith("consent given");
    }

    @Test
    void kelaNeverGetsClinicalNotesEvenWithConsent() throws Exception {
        MessageStatus status = deliver(assessmentAnsweringAReferralFrom("kela")); // sample consent covers kela

        assertThat(receivedBy("kela", status)).doesNotContain(CLINICAL_NOTES).contains("d850");
    }

    @Test
    void underTurvakieltoNoRecipientGetsTheClientsContactData() throws Exception {
        // Three referrals that between them reach all four families.
        for (String[] senderAndService : new String[][] {
                {"employment", "work-ability-team"}, {"health-care", "ips-supported-employment"}, {"social-care", "vocational-rehabilitation"}}) {
            ObjectNode referral = sample("referral");
            ((ObjectNode) referral.path("sender")).put("partner", senderAndService[0]);
            ((ObjectNode) referral.path("payload")).put("service", senderAndService[1]);
            ((ObjectNode) referral.path("subject")).put("nonDisclosure", true);

            MessageStatus status = deliver(referral);

            for (MessageStatus.Delivery delivery : status.deliveries()) {
                assertThat(receivedBy(delivery.recipient(), status)).as(delivery.recipient()).doesNotContain(CLIENT_CONTACT);
                assertThat(delivery.dataCategories()).as(delivery.recipient()).doesNotContain("client-contact");
            }
        }
    }

    @Test
    void employmentServicesGetBenefitTypeAndPeriodButNoDaysOrAmounts() throws Exception {
        MessageStatus status = deliver(sample("benefit-status"));

        assertThat(status.deliveries()).extracting(MessageStatus.Delivery::recipient)
                .containsExactlyInAnyOrder("social-care", "health-care", "employment");
        String employment = receivedBy("employment", status);
        assertThat(employment).contains("2026-09-10").doesNotContain("2027-11-05").doesNotContain("61.48");
        for (MessageStatus.Delivery delivery : status.deliveries()) {
            assertThat(receivedBy(delivery.recipient(), status)).as("no euro amounts by default").doesNotContain("61.48");
        }
    }

    /** An assessment summary from health care answering a referral the given family sent. */
    private ObjectNode assessmentAnsweringAReferralFrom(String referrer) throws Exception {
        ObjectNode referral = sample("referral");
        ((ObjectNode) referral.path("sender")).put("partner", referrer);
        ledger.recordAccepted(Envelope.of(referral), null, null, null, null, Instant.now());
        ObjectNode summary = sample("assessment-summary");
        ((ObjectNode) summary.path("payload")).put("referralMessageId", referral.path("messageId").asText());
        ((ArrayNode) summary.path("payload").path("legalBasis").path("consentScope")).removeAll().add(referrer);
        return summary;
    }

    /** What a door does once a message is accepted: record it and put it on its type's inbound queue; then wait for delivery. */
    private MessageStatus deliver(ObjectNode message) throws Exception {
        Envelope envelope = Envelope.of(message);
        ledger.recordAccepted(envelope, null, null, null, null, Instant.now());
        producer.sendBodyAndHeaders("jms:queue:ketju.inbound." + envelope.type(), json.writeValueAsString(message),
                Map.of("ketjuMessageId", envelope.messageId().toString(), "ketjuType", envelope.type()));
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.status(envelope.messageId()).orElseThrow(),
                        status -> status.status() == MessageStatus.Overall.DELIVERED);
    }

    private String receivedBy(String partner, MessageStatus status) throws Exception {
        JsonNode received = json.readTree(get("/sandbox/" + partner + "/received", null).body());
        for (JsonNode message : received) {
            if ((status.messageId() + ":" + partner).equals(message.path("idempotencyKey").asText())) {
                return message.path("body").asText();
            }
        }
        throw new AssertionError(partner + " received nothing for " + status.messageId());
    }

    private static MessageStatus.Delivery delivery(MessageStatus status, String recipient) {
        return status.deliveries().stream().filter(d -> d.recipient().equals(recipient)).findFirst().orElseThrow();
    }

    private ObjectNode sample(String type) throws Exception {
        ObjectNode message = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/" + type + ".json").toFile());
        message.put("messageId", UUID.randomUUID().toString());
        message.put("senderMessageId", "TEST-" + UUID.randomUUID());
        message.put("chainId", UUID.randomUUID().toString());
        return message;
    }
}
