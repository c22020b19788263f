package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * Artemis duplicate detection on the hub's sends: a send repeated with the same duplicate id is queued once; the door
 * sends each hub message under its id, the routing each recipient's copy under "hub message id:recipient".
 */
class DuplicateDetectionTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";

    @Autowired EmbeddedActiveMQ broker;
    @Autowired JmsTemplate jms;

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    @Test
    void aSendRepeatedWithTheSameDuplicateIdIsQueuedOnce() {
        assertThat(broker.getActiveMQServer().getConfiguration().getIDCacheSize()).isEqualTo(20000);
        assertThat(broker.getActiveMQServer().getConfiguration().isPersistIDCache()).isTrue();
        String queue = "jms:queue:ketju.test.duplicates";
        String id = UUID.randomUUID().toString();
        // Outside a transaction, as the door sends: the repeat is dropped, and the sender is told nothing.
        producer.sendBodyAndHeader(queue + "?transacted=false", "first", DuplicateIds.HEADER, id);
        producer.sendBodyAndHeader(queue + "?transacted=false", "retried after a failover", DuplicateIds.HEADER, id);
        // In a transaction, as the routes send: the broker refuses the whole transaction (it rolls back).
        assertThatThrownBy(() -> producer.sendBodyAndHeader(queue, "again, in a transaction", DuplicateIds.HEADER, id))
                .hasRootCauseInstanceOf(ActiveMQDuplicateIdException.class);
        producer.sendBodyAndHeader(queue, "another", DuplicateIds.HEADER, UUID.randomUUID().toString());

        List<String> received = new ArrayList<>();
        for (Exchange exchange = consumer.receive(queue, 2000); exchange != null; exchange = consumer.receive(queue, 1000)) {
            received.add(exchange.getMessage().getBody(String.class));
        }
        assertThat(received).containsExactly("first", "another");
    }

    @Test
    void theRoutingsCopyForARecipientCarriesTheMessageIdAndTheRecipient() throws Exception {
        String id = dispatchedWhileDeliveryStopped((canonical, messageId) -> {
            producer.sendBodyAndHeaders("direct:dispatch", canonical,
                    Map.of("ketjuMessageId", messageId, "ketjuType", "referral", "ketjuRecipients", PARTNER,
                            // What the door's send carried: the routing replaces it.
                            DuplicateIds.HEADER, messageId));

            assertThat(browse(queues.delivery(PARTNER), messageId)).singleElement().satisfies(copy ->
                    assertThat(copy.getStringProperty(DuplicateIds.HEADER)).isEqualTo(messageId + ":" + PARTNER));
        });
        deliveries.awaitDelivery(UUID.fromString(id), DeliveryStatus.DELIVERED);
    }

    @Test
    void aMessageGivenAgainWhoseCopyIsQueuedAlreadyIsRoutedUnderItsAttemptsIdAndDeliveredOnce() throws Exception {
        String id = dispatchedWhileDeliveryStopped((canonical, messageId) -> {
            // With its client's group, as the door sends it: both copies go to one consumer, one after the other.
            Map<String, Object> headers = Map.of("ketjuMessageId", messageId, "ketjuType", "referral", "ketjuRecipients", PARTNER,
                    MessageContext.GROUP_ID, "client-" + messageId);
            producer.sendBodyAndHeaders("direct:dispatch", canonical, headers);
            // The broker gives the message again (its transaction lost its acknowledgement, not its send): routed again,
            // it is not refused as a duplicate, which would roll it back to be given again, and again.
            Map<String, Object> again = new HashMap<>(headers);
            again.put("JMSXDeliveryCount", 2);
            producer.sendBodyAndHeaders("direct:dispatch", canonical, again);

            assertThat(browse(queues.delivery(PARTNER), messageId)).extracting(copy -> copy.getStringProperty(DuplicateIds.HEADER))
                    .containsExactly(messageId + ":" + PARTNER, messageId + ":" + PARTNER + ":routed-again:2");
        });
        deliveries.awaitDelivery(UUID.fromString(id), DeliveryStatus.DELIVERED);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> browse(queues.delivery(PARTNER), id).isEmpty());
        assertThat(partner.requests()).filteredOn(request -> request.idempotencyKey().startsWith(id))
                .as("the partner got it once").hasSize(1);
    }

    /** What a test dispatches of the sample referral (its JSON and hub message id) and checks on the delivery queue. */
    @FunctionalInterface
    private interface Dispatch {
        void run(String canonical, String messageId) throws Exception;
    }

    /** Runs {@code dispatch} with the partner's delivery stopped, so that its copies stay queued; answers the message id. */
    private String dispatchedWhileDeliveryStopped(Dispatch dispatch) throws Exception {
        ObjectNode canonical = CanonicalSamples.referral(mappings, json);
        String id = Envelope.of(canonical).messageId().toString();
        partner.answer();
        camel.getRouteController().stopRoute(PARTNER + "-delivery");
        try {
            dispatch.run(json.writeValueAsString(canonical), id);
        } finally {
            camel.getRouteController().startRoute(PARTNER + "-delivery");
        }
        return id;
    }

    @Test
    void theDoorSendsEachHubMessageUnderItsId() throws Exception {
        camel.getRouteController().stopRoute("referral-routing");
        String id;
        try {
            id = HubTestSupport.acceptReferral(HubTestSupport.PORT, "DUPLICATE-ID-");

            assertThat(browse(queues.inbound("referral"), id)).singleElement()
                    .satisfies(message -> assertThat(message.getStringProperty(DuplicateIds.HEADER)).isEqualTo(id));
        } finally {
            camel.getRouteController().startRoute("referral-routing");
        }
        HubTestSupport.awaitDelivered(HubTestSupport.PORT, id);
    }

    private List<Message> browse(String queue, String messageId) {
        return jms.browseSelected(queue, "ketjuMessageId = '" + messageId + "'", (session, browser) -> {
            List<Message> found = new ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                found.add((Message) message);
            }
            return found;
        });
    }
}
