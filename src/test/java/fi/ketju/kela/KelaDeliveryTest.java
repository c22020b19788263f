package fi.ketju.kela;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.XmlSchemas;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageLedger;
import fi.ketju.sandbox.ReceivedMessage;
import fi.ketju.sandbox.SandboxInbox;
import fi.ketju.sandbox.SandboxPartner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Element;

/**
 * Delivery to Kela through the hub (routes/kela-delivery.camel.yaml): a canonical message addressed to Kela
 * arrives at the simulated Kela X-Road service as a valid X-Road request from Ketju's subsystem, with what the
 * disclosure policy lets Kela have.
 */
class KelaDeliveryTest extends HubIntegrationTest {

    private static final String KELA = "kela";

    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired QueueNames queues;
    @Autowired SandboxInbox inbox;
    @Autowired XmlSchemas schemas;
    @Autowired XRoadSettings xroad;
    @Autowired ObjectMapper json;

    @Test
    void aReferralToVocationalRehabilitationArrivesAtKelaAsAnXRoadRequestWithWhatThePolicyLetsKelaHave()
            throws Exception {
        ObjectNode canonical = (ObjectNode) json.readTree(Path.of("mappings/canonical/samples/referral.json").toFile());
        UUID id = UUID.randomUUID();
        canonical.put("messageId", id.toString()).put("senderMessageId", "TEST-" + id);
        ((ObjectNode) canonical.path("payload")).put("service", "vocational-rehabilitation");

        route(canonical);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                ledger.status(id).orElseThrow().deliveries().get(0).status() == DeliveryStatus.DELIVERED);
        ReceivedMessage received = inbox.received(SandboxPartner.KELA).stream()
                .filter(message -> (id + ":" + KELA).equals(message.idempotencyKey()))
                .findFirst().orElseThrow();
        assertThat(received.contentType()).startsWith("text/xml");
        XRoadRequest request = XRoadRequest.read(HardenedXml.parse(received.body().getBytes(StandardCharsets.UTF_8)),
                xroad.kela());
        assertThat(request.body().getLocalName()).isEqualTo("Referral");
        assertThat(schemas.validate("kela/messages.xsd", request.body())).isEmpty();
        Element client = (Element) request.header().getElementsByTagNameNS(XRoadRequest.XROAD, "client").item(0);
        assertThat(client.getElementsByTagNameNS(XRoadRequest.IDENTIFIERS, "memberCode").item(0).getTextContent())
                .isEqualTo(xroad.hub().memberCode());
        assertThat(request.header().getElementsByTagNameNS(XRoadRequest.XROAD, "id").item(0).getTextContent())
                .isEqualTo(id.toString());
        assertThat(request.body().getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, "service").item(0).getTextContent())
                .isEqualTo("ammatillinen-kuntoutus");
        assertThat(request.body().getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, "reason").getLength())
                .as("clinical text, withheld from Kela by mappings/disclosure-policy.yaml").isZero();
    }

    /** What a routing does for one recipient: record the pending delivery, put the message on its queue. */
    private void route(ObjectNode canonical) throws Exception {
        Envelope envelope = Envelope.of(canonical);
        ledger.recordRouted(envelope, null, null, List.of(KELA));
        producer.sendBodyAndHeaders("jms:queue:" + queues.delivery(KELA), json.writeValueAsString(canonical), Map.of(
                "ketjuMessageId", envelope.messageId().toString(),
                "ketjuType", envelope.type()));
    }
}
