package fi.ketju.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The embedded broker's memory for messages: beyond it, queued messages are paged to disk (still durable, still in
 * order) instead of filling the hub's heap when deliveries fall behind. Artemis' own default is half the heap.
 * {@code idCacheSize}: how many duplicate ids (DuplicateIds) each address remembers. {@code backstopAttempts}: how
 * often the broker hands a message out before it gives it up to the backstop dead-letter queue (BrokerConfiguration).
 */
@ConfigurationProperties("ketju.broker")
public record EmbeddedBrokerSettings(DataSize memory, int idCacheSize, int backstopAttempts) {
}
