package fi.ketju.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.ScriptedPartner;
import fi.ketju.ScriptedPartnerTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client's message whose earlier message is still on its way to the same recipient (after a hub or broker failure
 * the broker's group can no longer hold it back) waits for it, within ketju.delivery.order-wait (HubTestSupport), on
 * its queue rather than on the consumer that holds the client's group.
 */
class DeliveryOrderTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";

    @Autowired MeterRegistry metrics;

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    @Test
    void aClientsLaterMessageWaitsForTheEarlierOneStillOnItsWayAndReachesThePartnerAfterIt() throws Exception {
        partner.answer();
        double aheadBefore = aheadOfOrder();
        String client = "order-" + UUID.randomUUID();
        // Routed, but its copy was with a consumer that failed: the later message reaches a consumer first.
        ObjectNode earlier = CanonicalSamples.referral(mappings, json);
        UUID earlierId = deliveries.route(earlier, client, List.of(PARTNER));
        UUID laterId = deliveries.send(CanonicalSamples.referral(mappings, json), client, List.of(PARTNER));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> requestsFor(earlierId, laterId).isEmpty());
        // The earlier message's copy is queued again behind the later one, in the client's group (as when its routing
        // is made again after a broker failover): the consumer holding the group must not keep it waiting.
        deliveries.enqueue(earlier, client, List.of(PARTNER));

        await().atMost(Duration.ofSeconds(20)).until(() -> requestsFor(earlierId, laterId).size() == 2);
        assertThat(requestsFor(earlierId, laterId)).extracting(ScriptedPartner.Request::idempotencyKey)
                .containsExactly(earlierId + ":" + PARTNER, laterId + ":" + PARTNER);
        assertThat(aheadOfOrder()).as("no delivery went ahead of order").isEqualTo(aheadBefore);
    }

    @Test
    void aClientsBurstWhoseCopiesAreQueuedInReverseReachesThePartnerInTheOrderAccepted() throws Exception {
        partner.answer();
        double aheadBefore = aheadOfOrder();
        String client = "burst-" + UUID.randomUUID();
        List<ObjectNode> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(CanonicalSamples.referral(mappings, json));
        }
        List<UUID> accepted = burst.stream().map(message -> deliveries.route(message, client, List.of(PARTNER))).toList();
        // All routed, each copy queued after those of the later ones: every message but the last finds an earlier one
        // on its way, queued behind it in the client's group, and goes back on the queue to let it pass.
        for (int i = burst.size() - 1; i >= 0; i--) {
            deliveries.enqueue(burst.get(i), client, List.of(PARTNER));
        }

        UUID[] ids = accepted.toArray(UUID[]::new);
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsFor(ids).size() == accepted.size());
        assertThat(requestsFor(ids)).extracting(ScriptedPartner.Request::idempotencyKey)
                .containsExactlyElementsOf(accepted.stream().map(id -> id + ":" + PARTNER).toList());
        assertThat(aheadOfOrder()).as("no delivery went ahead of order").isEqualTo(aheadBefore);
    }

    @Test
    void aMessageHeldUpLongerThanTheOrderWaitGoesAheadAndIsCounted() throws Exception {
        partner.answer();
        double aheadBefore = aheadOfOrder();
        String client = "order-" + UUID.randomUUID();
        UUID neverComes = deliveries.route(CanonicalSamples.referral(mappings, json), client, List.of(PARTNER));
        Instant sent = Instant.now();
        UUID laterId = deliveries.send(CanonicalSamples.referral(mappings, json), client, List.of(PARTNER));

        await().atMost(HubTestSupport.ORDER_WAIT.plusSeconds(20)).until(() -> requestsFor(neverComes, laterId).size() == 1);
        assertThat(requestsFor(neverComes, laterId)).singleElement().satisfies(request -> {
            assertThat(request.idempotencyKey()).isEqualTo(laterId + ":" + PARTNER);
            assertThat(Duration.between(sent, request.at())).isGreaterThanOrEqualTo(HubTestSupport.ORDER_WAIT);
        });
        assertThat(aheadOfOrder()).isEqualTo(aheadBefore + 1);
    }

    /** The partner's requests for these messages: another test's delivery still being retried may reach it too. */
    private List<ScriptedPartner.Request> requestsFor(UUID... messages) {
        List<String> keys = Arrays.stream(messages).map(id -> id + ":" + PARTNER).toList();
        return partner.requests().stream().filter(request -> keys.contains(request.idempotencyKey())).toList();
    }

    private double aheadOfOrder() {
        Counter counter = metrics.find("ketju.deliveries.ahead.of.order").tag("partner", PARTNER).counter();
        return counter == null ? 0 : counter.count();
    }
}
