package fi.ketju.delivery;

import fi.ketju.message.MessageContext;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Per partner: deliveries by outcome (ketju_deliveries_total{partner,outcome=delivered|failed|dead_lettered}),
 * the time from acceptance at a door to delivery (ketju_delivery_latency_seconds histogram) and the circuit's
 * state (resilience4j_circuitbreaker_state{name=partner,state}). Counted where the ledger records the outcome.
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry, PartnerCircuits circuits, PartnerDirectory partners) {
        this.registry = registry;
        // Every partner's circuit is shown from the start, not only after its first delivery.
        partners.partners().keySet().forEach(circuits::circuit);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits.registry()).bindTo(registry);
    }

    void delivered(Exchange exchange) {
        outcome(exchange, "delivered").increment();
        // As the message came off the queue: the partner call may have replaced the headers with its answer's.
        Map<?, ?> headers = exchange.getProperty(DeliveryProperties.ORIGINAL_HEADERS, Map.class);
        if (headers != null && headers.get(MessageContext.ACCEPTED_AT) instanceof Long acceptedAt) { // absent on a message queued before the hub published this figure
            Timer.builder("ketju.delivery.latency")
                    .description("From acceptance at a door to the partner's answer that it has the message")
                    .tag("partner", partner(exchange))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofHours(72))
                    .register(registry)
                    .record(Duration.between(Instant.ofEpochMilli(acceptedAt), Instant.now()));
        }
    }

    void failed(Exchange exchange) {
        outcome(exchange, "failed").increment();
    }

    void deadLettered(Exchange exchange) {
        outcome(exchange, "dead_lettered").increment();
    }

    private Counter outcome(Exchange exchange, String outcome) {
        return Counter.builder("ketju.deliveries")
                .description("Delivery attempts by how they ended (failed: an attempt failed and may be retried)")
                .tag("partner", partner(exchange))
                .tag("outcome", outcome)
                .register(registry);
    }

    private static String partner(Exchange exchange) {
        return exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
    }
}
