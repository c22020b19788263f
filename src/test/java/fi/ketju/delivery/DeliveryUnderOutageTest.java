package fi.ketju.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubTestSupport;
import fi.ketju.KetjuApplication;
import fi.ketju.ScriptedDeliveries;
import fi.ketju.ScriptedPartner;
import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A partner that is down, and a message that a partner refuses, among many clients' messages (issue 4). Its
 * own hub (port, journal, database): attempts are set high, so that what is tested is the waiting, not the
 * giving up, and the circuit stays open long enough to see that the partner is left alone.
 */
@CamelSpringBootTest
@SpringBootTest(classes = KetjuApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DeliveryUnderOutageTest {

    private static final int PORT = HubTestSupport.freePort();
    /** FHIR messaging partner: its requests go to /fhir/$process-message on the scripted partner. */
    private static final String DOWN = "scripted";
    /** Another recipient of the same messages, on the same server at /fhir: it stays up. */
    private static final String UP = "scripted-fhir-server";
    private static final Duration OPEN_WAIT = Duration.ofSeconds(4);
    private static final int CLIENTS = 4;
    private static final int MESSAGES_PER_CLIENT = 5;

    private static ScriptedPartner partner;

    @DynamicPropertySource
    static void outageHub(DynamicPropertyRegistry registry) {
        HubTestSupport.hubProperties(registry);
        registry.add("server.port", () -> PORT);
        registry.add("ketju.data-dir", () -> HubTestSupport.DATA_DIR.resolve("outage").toString());
        registry.add("ketju.delivery.max-attempts", () -> "1000");
        registry.add("ketju.delivery.circuit-breaker.open-wait", () -> OPEN_WAIT.toMillis() + "ms");
    }

    @Autowired PartnerCircuits circuits;
    @Autowired CamelContext camel;
    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired QueueNames queues;
    @Autowired MappingsInForce mappings;
    @Autowired ObjectMapper json;
    ScriptedDeliveries deliveries;

    @BeforeAll
    static void startPartner() {
        partner = new ScriptedPartner(HubTestSupport.SCRIPTED_PARTNER_PORT);
    }

    @AfterAll
    static void stopPartner() {
        partner.close();
    }

    @BeforeEach
    void deliveryRoutes() throws Exception {
        deliveries = new ScriptedDeliveries(camel, producer, ledger, queues, json);
        deliveries.startRoutes(DOWN, UP);
    }

    @Test
    void aPartnerThatIsDownGetsEveryMessageOnceInEachClientsOrderWhenItRecoversAndHoldsNobodyElseBack() throws Exception {
        partner.answer();
        partner.failWhile(request -> isTo(DOWN, request), 503);
        // When the circuit opened by the breaker's own event: the test may see the state only a second or more later
        // on a busy machine, and the half-open probe comes OPEN_WAIT after the opening, not after the test saw it.
        AtomicReference<Instant> opened = new AtomicReference<>();
        circuits.circuit(DOWN).getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                opened.compareAndSet(null, event.getCreationTime().toInstant());
            }
        });
        Map<String, List<UUID>> sentPerClient = new LinkedHashMap<>();
        for (int i = 0; i < MESSAGES_PER_CLIENT; i++) {
            for (int c = 0; c < CLIENTS; c++) {
                String client = "client-" + c;
                UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), client, List.of(DOWN, UP));
                sentPerClient.computeIfAbsent(client, k -> new ArrayList<>()).add(id);
            }
        }
        List<UUID> sent = sentPerClient.values().stream().flatMap(Collection::stream).toList();

        // The recipient that is up gets everything while the other is down.
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream().allMatch(id -> status(id, UP) == DeliveryStatus.DELIVERED));
        assertThat(sent).allSatisfy(id -> assertThat(status(id, DOWN)).isNotEqualTo(DeliveryStatus.DELIVERED));

        // The partner that is down is left alone while its circuit is open.
        await().atMost(Duration.ofSeconds(20)).until(() -> opened.get() != null);
        Instant halfOpen = opened.get().plus(OPEN_WAIT);
        // Calls already under way when it opened end (each of the partner's consumers may have had one).
        AtomicInteger lastSeen = new AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(100)).during(Duration.ofMillis(700)).atMost(OPEN_WAIT.dividedBy(2))
                .until(() -> lastSeen.getAndSet(callsTo(DOWN).size()) == lastSeen.get());
        int callsWhenOpened = callsTo(DOWN).size();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), halfOpen).toMillis() - 1000)); // before its probe, with room for a late wake-up
        // This test's messages only: another test's hub may still be retrying a delivery of its own to the same partner.
        assertThat(callsTo(DOWN).subList(callsWhenOpened, callsTo(DOWN).size())).map(DeliveryUnderOutageTest::messageId)
                .filteredOn(sent::contains).as("calls while the circuit is open").isEmpty();
        assertThat(json.readTree(HubTestSupport.get(PORT, "/actuator/health/partners", null).body())
                .path("details").path("circuits").path(DOWN).asText()).isEqualTo("OPEN");

        partner.heal();
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(id -> status(id, DOWN) == DeliveryStatus.DELIVERED));

        List<UUID> deliveredInOrder = callsTo(DOWN).stream().filter(request -> request.status() == 200)
                .map(DeliveryUnderOutageTest::messageId).toList();
        assertThat(deliveredInOrder).as("one delivery per message").doesNotHaveDuplicates().hasSameSizeAs(sent);
        sentPerClient.forEach((client, ids) -> assertThat(deliveredInOrder.stream().filter(ids::contains).toList())
                .as("order of %s's messages", client).containsExactlyElementsOf(ids));
        assertThat(circuits.state(DOWN)).isEqualTo(CircuitBreaker.State.CLOSED);
        System.out.printf("OUTAGE sent=%d delivered_to_up_partner=%d delivered_after_recovery=%d calls_refused_503=%d "
                        + "duplicates=0 lost=0 out_of_order=0%n",
                sent.size(), sent.size(), deliveredInOrder.size(),
                callsTo(DOWN).stream().filter(request -> request.status() == 503).count());
    }

    @Test
    void aMessageThePartnerRefusesIsDeadLetteredAtOnceTheRestFlowAndAReplayDeliversItOnceFixed() throws Exception {
        partner.answer();
        List<ObjectNode> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            messages.add(CanonicalSamples.referral(mappings, json));
        }
        UUID poison = Envelope.of(messages.get(2)).messageId();
        partner.failWhile(request -> messageId(request).equals(poison), 422);

        List<UUID> sent = new ArrayList<>();
        for (ObjectNode message : messages) {
            sent.add(deliveries.send(message, "one-client", List.of(DOWN)));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> sent.stream().allMatch(id ->
                status(id, DOWN) == (id.equals(poison) ? DeliveryStatus.DEAD : DeliveryStatus.DELIVERED)));
        MessageStatus.Delivery dead = ledger.delivery(poison, DOWN).orElseThrow();
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastFailure().httpStatus()).isEqualTo(422);
        List<UUID> good = sent.stream().filter(id -> !id.equals(poison)).toList();
        assertThat(callsTo(DOWN).stream().filter(request -> request.status() == 200).map(DeliveryUnderOutageTest::messageId))
                .as("the messages behind the refused one were not held back").containsExactlyElementsOf(good);

        partner.heal();
        assertThat(HubTestSupport.post(PORT, "/api/v1/admin/dead-letters/" + DOWN + "/" + poison + "/replay", "sandbox-admin",
                "application/json", "").statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(poison, DOWN) == DeliveryStatus.DELIVERED);
        assertThat(callsTo(DOWN).stream().filter(request -> messageId(request).equals(poison)).map(ScriptedPartner.Request::status))
                .containsExactly(422, 200);
    }

    private DeliveryStatus status(UUID id, String recipient) {
        return ledger.delivery(id, recipient).orElseThrow().status();
    }

    private static List<ScriptedPartner.Request> callsTo(String recipient) {
        return partner.requests().stream().filter(request -> isTo(recipient, request)).toList();
    }

    private static boolean isTo(String recipient, ScriptedPartner.Request request) {
        return request.idempotencyKey().endsWith(":" + recipient);
    }

    private static UUID messageId(ScriptedPartner.Request request) {
        return UUID.fromString(request.idempotencyKey().substring(0, 36));
    }
}
