package fi.ketju.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The broker's queues. Each recipient has its own delivery queue and dead-letter queue, so a
 * recipient that is down holds back nobody else.
 */
@ConfigurationProperties("ketju.queues")
public record QueueNames(String inboundPrefix, String deliveryPrefix, String deadLetterPrefix, String backstopDeadLetter) {

    /** Where the doors put accepted messages of one type, for that type's routing. */
    public String inbound(String messageType) {
        return inboundPrefix + messageType;
    }

    public String delivery(String partner) {
        return deliveryPrefix + partner;
    }

    public String deadLetter(String partner) {
        return deadLetterPrefix + partner;
    }
}
