package fi.ketju.delivery;

import fi.ketju.broker.DuplicateIds;
import fi.ketju.broker.QueueNames;
import fi.ketju.message.MessageContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Prepares each recipient's copy of a routed message (routes/dispatch.camel.yaml, the recipient list's onPrepare): it
 * carries the duplicate id of that message for that recipient, so a send retried after a broker failover is not
 * enqueued twice; a message the broker gives again is routed under an id of that attempt (DuplicateIds.routedAgain). The copy that comes in holds the door's id (the inbound message's), which is replaced.
 */
@Component("deliveryCopy")
class DeliveryCopies implements Processor {

    private final QueueNames queues;

    DeliveryCopies(QueueNames queues) {
        this.queues = queues;
    }

    /** How often the broker has given the routed message (1 the first time), which Artemis reports to JMS. */
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    @Override
    public void process(Exchange copy) {
        String messageId = copy.getMessage().getHeader(MessageContext.MESSAGE_ID, String.class);
        Integer deliveryCount = copy.getMessage().getHeader(DELIVERY_COUNT, Integer.class);
        copy.getMessage().setHeader(DuplicateIds.HEADER, deliveryCount == null || deliveryCount <= 1
                ? DuplicateIds.delivery(messageId, recipient(copy))
                : DuplicateIds.routedAgain(messageId, recipient(copy), deliveryCount));
    }

    /** The recipient whose delivery queue the recipient list sends this copy to (jms:queue:ketju.delivery.<partner>). */
    private String recipient(Exchange copy) {
        String endpoint = copy.getProperty(ExchangePropertyKey.TO_ENDPOINT, String.class);
        int queue = endpoint == null ? -1 : endpoint.lastIndexOf(queues.deliveryPrefix());
        if (queue < 0) {
            throw new IllegalStateException("not a delivery queue: " + endpoint);
        }
        String recipient = endpoint.substring(queue + queues.deliveryPrefix().length());
        int options = recipient.indexOf('?');
        return options < 0 ? recipient : recipient.substring(0, options);
    }
}
