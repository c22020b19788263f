package fi.ketju.delivery;

import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.MappingException;
import fi.ketju.message.MessageLedger;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Records how each delivery attempt ended, and decides when to give up. A failure is final when
 * retrying cannot help (the partner refused the message, as its recipient format judged the answer, or it
 * cannot be translated for this partner) or when ketju.delivery.max-attempts is used up; otherwise the
 * broker tries again.
 */
@Component("deliveryOutcomes")
class DeliveryOutcomes {

    private final MessageLedger ledger;
    private final QueueNames queues;
    private final DeliverySettings settings;

    DeliveryOutcomes(MessageLedger ledger, QueueNames queues, DeliverySettings settings) {
        this.ledger = ledger;
        this.queues = queues;
        this.settings = settings;
    }

    public void delivered(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        ledger.recordDelivered(messageId(exchange), recipient(exchange),
                "HTTP " + status + " from " + exchange.getProperty(DeliveryProperties.URL, String.class));
    }

    /** True when this failure ends the delivery: nothing a later attempt could change. */
    public boolean isFinal(Exchange exchange) {
        if (recipient(exchange) == null) {
            return false; // not a delivery (routing): roll back and let the broker try again
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // This attempt is the one after those already recorded.
        return isPermanent(cause) || ledger.attempts(messageId(exchange), recipient(exchange)) + 1 >= settings.maxAttempts();
    }

    public void deadLettered(Exchange exchange) {
        String recipient = recipient(exchange);
        ledger.recordDead(messageId(exchange), recipient, describe(exchange));
        exchange.setProperty(DeliveryProperties.DEAD_LETTER_QUEUE, queues.deadLetter(recipient));
        exchange.getMessage().setHeader("ketjuDeadReason", describe(exchange));
    }

    public void attemptFailed(Exchange exchange) {
        if (recipient(exchange) != null) {
            ledger.recordAttemptFailed(messageId(exchange), recipient(exchange), describe(exchange));
        }
    }

    static boolean isPermanent(Throwable cause) {
        return cause instanceof UndeliverableException || cause instanceof MappingException;
    }

    private static String describe(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof RecipientUnavailableException || cause instanceof UndeliverableException) {
            return cause.getMessage(); // written to be read: what the recipient answered, or why it cannot have the message
        }
        return cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static UUID messageId(Exchange exchange) {
        return UUID.fromString(exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class));
    }

    private static String recipient(Exchange exchange) {
        return exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
    }
}
