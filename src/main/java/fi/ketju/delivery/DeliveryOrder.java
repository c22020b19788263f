package fi.ketju.delivery;

import fi.ketju.message.MessageLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one client's messages to a recipient in the order the hub accepted them where the broker's message groups
 * cannot. When a hub dies or the broker fails over, a message its lost consumer was still working on is handed out
 * again, and by then the client's next message may have gone to another consumer. So before a delivery calls the
 * partner it waits until the ledger says that every earlier message of the client has been routed and, where it goes
 * to this recipient too, delivered or given up. Normally that is already so and costs one indexed query. The wait is
 * bounded by ketju.delivery.order-wait: a message held up longer (an earlier one's routing failed for good, say) goes
 * ahead, logged and counted (ketju_deliveries_ahead_of_order_total), so that nothing waits forever behind another.
 */
@Component("deliveryOrder")
class DeliveryOrder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOrder.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(500);

    private final MessageLedger ledger;
    private final DeliverySettings settings;
    private final MeterRegistry metrics;

    DeliveryOrder(MessageLedger ledger, DeliverySettings settings, MeterRegistry metrics) {
        this.ledger = ledger;
        this.settings = settings;
        this.metrics = metrics;
    }

    public void awaitTurn(Exchange exchange) {
        UUID messageId = UUID.fromString(exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class));
        String recipient = exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
        long deadline = System.nanoTime() + settings.orderWait().toNanos();
        Duration pause = FIRST_PAUSE;
        Optional<UUID> earlier;
        // Anything accepted longer ago than a delivery may take has been delivered, given up or lost in routing by now.
        Instant since = Instant.now().minus(settings.maxAge());
        while ((earlier = ledger.earlierOnTheWay(messageId, recipient, since)).isPresent()) {
            if (System.nanoTime() - deadline >= 0) {
                LOG.warn("Delivering to {} ahead of the client's earlier message {}, still on its way after {}", recipient,
                        earlier.get(), settings.orderWait());
                Counter.builder("ketju.deliveries.ahead.of.order")
                        .description("Deliveries that went ahead of an earlier message of the same client after ketju.delivery.order-wait")
                        .tag("partner", recipient).register(metrics).increment();
                return;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                // As when Camel refuses work while stopping: the message goes back to the broker untouched.
                throw new RejectedExecutionException("the hub is stopping");
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }
}
