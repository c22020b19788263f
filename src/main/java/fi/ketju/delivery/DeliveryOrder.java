package fi.ketju.delivery;

import fi.ketju.broker.DuplicateIds;
import fi.ketju.message.MessageLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one client's messages to a recipient in the order the hub accepted them where the broker's message groups
 * cannot. When a hub dies or the broker fails over, work the lost consumers had under way is handed out again, and the
 * client's next message may be routed, or reach a delivery consumer, before it; so may a message the door accepted
 * just after another of the same client, when the two were posted at once and the later one's commit came first. So
 * before a delivery calls the partner it asks the ledger whether every earlier message of the client has been routed
 * and, where it goes to this recipient too, delivered or given up; normally that is so, at the cost of one indexed query.
 * <p>
 * If not, it goes back on its queue, due a moment later: the earlier message may be queued behind it in the same group,
 * which only this consumer could take. The moment is as long as the message has waited so far (from 10 ms up to a
 * second), so that a client's burst is delivered in order within milliseconds and a longer hold-up costs few trips.
 * Only while the earlier message is still being routed (which takes milliseconds, on another consumer) does it wait
 * on the consumer, up to a second. The wait is bounded by ketju.delivery.order-wait from the first time it waited: a
 * message held up longer (an earlier one's routing failed for good, say) goes ahead, logged and counted
 * (ketju_deliveries_ahead_of_order_total), so that nothing waits forever behind another.
 */
@Component("deliveryOrder")
class DeliveryOrder {

    /** When a message put back to wait first waited (epoch milliseconds), carried with it for the bound. */
    static final String WAITING_SINCE = "ketjuOrderWaitingSince";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOrder.class);
    /** How long a message waits on its consumer for an earlier one's routing, and the longest it is due later. */
    private static final Duration WAIT_HERE = Duration.ofSeconds(1);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    private final MessageLedger ledger;
    private final DeliverySettings settings;
    private final MeterRegistry metrics;

    DeliveryOrder(MessageLedger ledger, DeliverySettings settings, MeterRegistry metrics) {
        this.ledger = ledger;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * True when the message must wait for an earlier one of the client: it is then ready to go back on its queue (the
     * route sends it there and ends), due after as long as it has waited so far, from {@link #FIRST_PAUSE} up to
     * {@link #WAIT_HERE}.
     */
    public boolean mustWait(Exchange exchange) {
        UUID messageId = UUID.fromString(exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class));
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        Optional<MessageLedger.OnTheWay> earlier = earlierOnceRouted(messageId, recipient);
        if (earlier.isEmpty()) {
            return false;
        }
        org.apache.camel.Message message = exchange.getMessage();
        Long since = message.getHeader(WAITING_SINCE, Long.class);
        Instant now = Instant.now();
        Instant waitingSince = since == null ? now : Instant.ofEpochMilli(since);
        Duration waited = Duration.between(waitingSince, now);
        if (waited.compareTo(settings.orderWait()) >= 0) {
            LOG.warn("Delivering to {} ahead of the client's earlier message {}, still on its way after {}", recipient,
                    earlier.get().messageId(), settings.orderWait());
            Counter.builder("ketju.deliveries.ahead.of.order")
                    .description("Deliveries that went ahead of an earlier message of the same client after ketju.delivery.order-wait")
                    .tag("partner", recipient).register(metrics).increment();
            return false;
        }
        LOG.info("Waits for the client's earlier message {} to {}: back on the queue", earlier.get().messageId(), recipient);
        Duration pause = waited.compareTo(FIRST_PAUSE) < 0 ? FIRST_PAUSE : waited.compareTo(WAIT_HERE) > 0 ? WAIT_HERE : waited;
        message.setHeader(WAITING_SINCE, waitingSince.toEpochMilli());
        message.setHeader(Message.HDR_SCHEDULED_DELIVERY_TIME.toString(), now.plus(pause).toEpochMilli());
        message.setHeader(DuplicateIds.HEADER, DuplicateIds.waited(messageId.toString(), recipient,
                message.getHeader("JMSMessageID", String.class)));
        return true;
    }

    /**
     * The client's earliest message still on its way to the recipient, if any, once it has been routed or after up to
     * WAIT_HERE. Routed, it is on this recipient's queue (or given again to another consumer after a failure): waiting
     * on this consumer cannot bring it, as it may be queued behind this message in the client's group.
     */
    private Optional<MessageLedger.OnTheWay> earlierOnceRouted(UUID messageId, String recipient) {
        // Anything accepted longer ago than a delivery may take has been delivered, given up or lost in routing by now.
        Instant since = Instant.now().minus(settings.maxAge());
        long deadline = System.nanoTime() + WAIT_HERE.toNanos();
        Duration pause = FIRST_PAUSE;
        Optional<MessageLedger.OnTheWay> earlier;
        while ((earlier = ledger.earlierOnTheWay(messageId, recipient, since)).filter(onTheWay -> !onTheWay.routed()).isPresent()
                && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                // As when Camel refuses work while stopping: the message goes back to the broker untouched.
                throw new RejectedExecutionException("the hub is stopping");
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
        return earlier;
    }
}
