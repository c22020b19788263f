package fi.ketju.delivery;

import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What routes/error-handling.camel.yaml refers to: how long to wait between attempts, and who counts them. */
@Configuration(proxyBeanMethods = false)
class DeliveryRetries {

    /**
     * Exponential backoff from ketju.delivery.redelivery-delay to redelivery-max-delay, each delay varied at
     * random by up to 15% so that the deliveries a partner's outage held back do not all return at once.
     * How many times is not counted here: the error handling's retryWhile decides (DeliveryOutcomes).
     */
    @Bean
    RedeliveryPolicy deliveryRedeliveryPolicy(DeliverySettings settings) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setRedeliveryDelay(settings.redeliveryDelay().toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(settings.redeliveryMultiplier());
        policy.setMaximumRedeliveryDelay(settings.redeliveryMaxDelay().toMillis());
        policy.setUseCollisionAvoidance(true);
        // A stopping hub does not wait out a delay: the message is rolled back onto the broker.
        policy.setAllowRedeliveryWhileStopping(false);
        // Each failed attempt is in the message's log; the error handler's own lines would repeat it.
        policy.setLogRetryAttempted(false);
        policy.setLogExhausted(false);
        policy.setLogStackTrace(false);
        policy.setRetryAttemptedLogLevel(LoggingLevel.DEBUG);
        return policy;
    }

    /** Counts every failed attempt to deliver as it happens, the last (before it is dead-lettered) too. */
    @Bean
    Processor failedAttempts(DeliveryOutcomes outcomes) {
        return outcomes::attemptFailed;
    }
}
