package fi.ketju;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.audit.Subjects;
import fi.ketju.broker.DuplicateIds;
import fi.ketju.broker.QueueNames;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Drives canonical messages straight onto the delivery queues of the scripted partners (see
 * {@link HubTestSupport#SCRIPTED_PARTNER_PORT}), whose delivery routes the route files do not create.
 */
public final class ScriptedDeliveries {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final MessageLedger ledger;
    private final QueueNames queues;
    private final ObjectMapper json;

    public ScriptedDeliveries(CamelContext camel, ProducerTemplate producer, MessageLedger ledger, QueueNames queues, ObjectMapper json) {
        this.camel = camel;
        this.producer = producer;
        this.ledger = ledger;
        this.queues = queues;
        this.json = json;
    }

    /** Starts the partner-delivery route of each scripted partner, once per application context. */
    public void startRoutes(String... partners) throws Exception {
        for (String partner : partners) {
            if (camel.getRoute(partner + "-delivery") == null) {
                TemplatedRouteBuilder.builder(camel, "partner-delivery")
                        .routeId(partner + "-delivery")
                        .parameter("partner", partner)
                        .add();
            }
        }
    }

    /** What the routing routes do for one recipient: record the pending delivery, put the message on its queue. */
    public UUID send(ObjectNode canonical, String recipient) throws Exception {
        // A group of its own: no other message waits for it.
        return send(canonical, Envelope.of(canonical).messageId().toString(), List.of(recipient));
    }

    /**
     * What the routing routes do for a client's message: record the pending deliveries and put the message on
     * each recipient's queue in the client's message group ({@code client}), which keeps the client's order.
     */
    public UUID send(ObjectNode canonical, String client, List<String> recipients) throws Exception {
        UUID id = route(canonical, client, recipients);
        enqueue(canonical, client, recipients);
        return id;
    }

    /**
     * What the door and the routing record of a client's message ({@code client}: its subject key), without putting it
     * on any queue: as if a failure had lost the copy that was on its way.
     */
    public UUID route(ObjectNode canonical, String client, List<String> recipients) {
        Envelope envelope = Envelope.of(canonical);
        ledger.recordAccepted(envelope, new Subjects.Subject(client, null), null, null, null, Instant.now());
        ledger.recordRouted(envelope, null, client, recipients);
        return envelope.messageId();
    }

    /** Puts a routed message on each recipient's delivery queue in the client's message group. */
    public void enqueue(ObjectNode canonical, String client, List<String> recipients) throws Exception {
        Envelope envelope = Envelope.of(canonical);
        for (String recipient : recipients) {
            producer.sendBodyAndHeaders("jms:queue:" + queues.delivery(recipient), json.writeValueAsString(canonical), Map.of(
                    MessageContext.MESSAGE_ID, envelope.messageId().toString(),
                    "ketjuType", envelope.type(),
                    MessageContext.GROUP_ID, client,
                    DuplicateIds.HEADER, DuplicateIds.delivery(envelope.messageId().toString(), recipient)));
        }
    }

    /** Waits until the message's one delivery reaches the expected state. */
    public MessageStatus awaitDelivery(UUID id, DeliveryStatus expected) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.status(id).orElseThrow(),
                        status -> status.deliveries().get(0).status() == expected);
    }
}
