package fi.ketju.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How hard the hub tries to deliver before it dead-letters a message for a recipient. */
@ConfigurationProperties("ketju.delivery")
public record DeliverySettings(
        int consumers,
        int maxAttempts,
        Duration maxAge,
        Duration redeliveryDelay,
        Duration redeliveryMaxDelay,
        double redeliveryMultiplier,
        Duration orderWait,
        CircuitBreaker circuitBreaker,
        Connections connections) {

    /** The circuit breaker each partner has (PartnerCircuits). */
    public record CircuitBreaker(int failureRateThreshold, int minimumCalls, int windowSize, Duration openWait) {
    }

    /** The kept-alive connections to partners (PartnerConnections). */
    public record Connections(Duration readTimeout, Duration checkIdleAfter) {
    }
}
