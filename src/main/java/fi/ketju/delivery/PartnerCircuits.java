package fi.ketju.delivery;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker per partner (ketju.delivery.circuit-breaker): when a partner keeps failing, the hub stops
 * calling it for a while (an attempt then fails at once, uncounted, and is retried after the usual delay) and
 * then lets one call through to probe whether it is back. A refusal (4xx, SOAP Client fault) is an answer, so
 * it counts as a call that worked: the partner is up.
 */
@Component("partnerCircuits")
class PartnerCircuits {

    /** When the call now in progress began, by the breaker's clock; absent when no call holds a permission. */
    private static final String CALL_STARTED = "ketjuCircuitCallStarted";

    private final CircuitBreakerRegistry registry;

    PartnerCircuits(DeliverySettings settings) {
        DeliverySettings.CircuitBreaker circuit = settings.circuitBreaker();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(circuit.failureRateThreshold())
                .minimumNumberOfCalls(circuit.minimumCalls())
                .slidingWindowSize(circuit.windowSize())
                .waitDurationInOpenState(circuit.openWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    /** @throws CallNotPermittedException if the partner's circuit is open (or its one probe is under way) */
    public void enter(Exchange exchange) {
        CircuitBreaker circuit = circuit(exchange);
        circuit.acquirePermission();
        exchange.setProperty(CALL_STARTED, circuit.getCurrentTimestamp());
    }

    /** The partner answered: whatever it said, it is up. */
    public void answered(Exchange exchange) {
        report(exchange, null);
    }

    /**
     * A step of a delivery failed. If it was the call (it holds a permission), the partner did not answer or
     * answered that it could not take the message now; a refusal is an answer, so it counts as a success.
     */
    void failed(Exchange exchange, Throwable cause) {
        report(exchange, cause instanceof UndeliverableException ? null : cause);
    }

    /** Ends the call under way, if any: a success when {@code error} is null. */
    private void report(Exchange exchange, Throwable error) {
        if (!(exchange.removeProperty(CALL_STARTED) instanceof Long started)) {
            return;
        }
        CircuitBreaker circuit = circuit(exchange);
        long duration = circuit.getCurrentTimestamp() - started;
        if (error == null) {
            circuit.onSuccess(duration, circuit.getTimestampUnit());
        } else {
            circuit.onError(duration, circuit.getTimestampUnit(), error);
        }
    }

    CircuitBreaker.State state(String partner) {
        return circuit(partner).getState();
    }

    CircuitBreaker circuit(String partner) {
        return registry.circuitBreaker(partner);
    }

    /** For the circuits' metrics (DeliveryMetrics). */
    CircuitBreakerRegistry registry() {
        return registry;
    }

    private CircuitBreaker circuit(Exchange exchange) {
        return circuit(exchange.getProperty(DeliveryProperties.RECIPIENT, String.class));
    }
}
