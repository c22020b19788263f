package fi.ketju.delivery;

import fi.ketju.broker.BrokerFailures;
import fi.ketju.broker.DuplicateIds;
import fi.ketju.broker.QueueNames;
import fi.ketju.mapping.MappingException;
import fi.ketju.message.DeliveryFailure;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageStatus;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records how each delivery attempt ended, and decides when to give up (routes/error-handling.camel.yaml
 * asks). A failure is final when retrying cannot help (the partner refused the message, as its recipient
 * format judged the answer, or it cannot be translated for this partner), or when the current series of
 * attempts has used up ketju.delivery.max-attempts or is older than ketju.delivery.max-age; otherwise the
 * message is tried again, on the same consumer and in the same transaction, so that the client's next message
 * waits behind it.
 */
@Component("deliveryOutcomes")
class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final MessageLedger ledger;
    private final QueueNames queues;
    private final DeliverySettings settings;
    private final PartnerCircuits circuits;
    private final DeliveryMetrics metrics;

    DeliveryOutcomes(MessageLedger ledger, QueueNames queues, DeliverySettings settings, PartnerCircuits circuits,
            DeliveryMetrics metrics) {
        this.ledger = ledger;
        this.queues = queues;
        this.settings = settings;
        this.circuits = circuits;
        this.metrics = metrics;
    }

    /**
     * Keeps the message as it came off the delivery queue, for {@link #deadLettered}. Cheaper than the error
     * handler's useOriginalMessage, which makes every route copy every JMS message it takes.
     */
    public void keepOriginal(Exchange exchange) {
        exchange.setProperty(DeliveryProperties.ORIGINAL_BODY, exchange.getMessage().getBody(String.class));
        exchange.setProperty(DeliveryProperties.ORIGINAL_HEADERS, new HashMap<>(exchange.getMessage().getHeaders()));
    }

    public void delivered(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        ledger.recordDelivered(messageId(exchange), recipient(exchange),
                "HTTP " + status + " from " + exchange.getProperty(DeliveryProperties.URL, String.class), translated(exchange));
        translationRecorded(exchange);
        metrics.delivered(exchange);
        LOG.info("Delivered to {}: HTTP {}", recipient(exchange), status);
    }

    /** True when the ledger already records this delivery as made: the message came again after a crash. */
    public boolean alreadyDelivered(Exchange exchange) {
        return ledger.delivery(messageId(exchange), recipient(exchange))
                .map(delivery -> delivery.status() == DeliveryStatus.DELIVERED)
                .orElse(false);
    }

    /** True when this failure ends the delivery: nothing a later attempt could change. */
    public boolean isFinal(Exchange exchange) {
        if (recipient(exchange) == null) {
            return false; // not a delivery (routing): try again
        }
        Throwable cause = cause(exchange);
        if (isPermanent(cause)) {
            return true;
        }
        if (cause instanceof RejectedExecutionException || BrokerFailures.isBrokerFailure(cause)) {
            return false; // the hub is stopping, or its broker session is lost: the message goes back to the broker untouched
        }
        MessageLedger.RetrySeries series = ledger.retrySeries(messageId(exchange), recipient(exchange)).orElseThrow();
        // This failure is the attempt after those already recorded, unless the partner was not called at all.
        int failed = series.failedAttempts() + (isAttempt(exchange) ? 1 : 0);
        return failed >= settings.maxAttempts()
                || Duration.between(series.startedAt(), Instant.now()).compareTo(settings.maxAge()) > 0;
    }

    /**
     * Whether to try again here, on this consumer: a delivery always, until {@link #isFinal} ends it (its
     * attempts are counted in the database, so the count survives a restart); routing up to max-attempts
     * times, after which the message goes back to the broker (which, past its own limit, parks it in the
     * backstop dead-letter queue). Never after the broker session failed (a failover): that transaction is void,
     * so it is rolled back at once and the message comes again on a new session.
     */
    public boolean retriesHere(Exchange exchange) {
        if (BrokerFailures.isBrokerFailure(cause(exchange))) {
            return false;
        }
        if (recipient(exchange) != null) {
            return true;
        }
        Integer retried = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        return retried == null || retried < settings.maxAttempts();
    }

    /**
     * Parks the message for this recipient: its ledger row says DEAD and why; the route sends the message, as it
     * came off the delivery queue, to the recipient's dead-letter queue. Why, wherever it is told (the ledger, the
     * dead letter's header, the log), is told by failure summaries, which carry no personal data.
     */
    @SuppressWarnings("unchecked")
    public void deadLettered(Exchange exchange) {
        String recipient = recipient(exchange);
        Throwable cause = cause(exchange);
        DeliveryFailures.Told failure = DeliveryFailures.of(cause);
        String reason = whyGivenUp(exchange, failure.summary());
        // An attempt's failure is recorded with its attempt (attemptFailed); an open circuit's leaves the last attempt's shown.
        boolean attempt = isAttempt(exchange);
        ledger.recordDead(messageId(exchange), recipient, reason,
                cause instanceof CallNotPermittedException ? null : failure.summary(), attempt ? null : failure.detail(),
                translated(exchange));
        translationRecorded(exchange);
        metrics.deadLettered(exchange);
        exchange.setProperty(DeliveryProperties.DEAD_LETTER_QUEUE, queues.deadLetter(recipient));
        Message message = exchange.getMessage();
        message.setBody(exchange.getProperty(DeliveryProperties.ORIGINAL_BODY, String.class));
        message.setHeaders(new HashMap<>(exchange.getProperty(DeliveryProperties.ORIGINAL_HEADERS, Map.class)));
        message.setHeader("ketjuDeadReason", reason);
        // Not the delivery's duplicate id: dead-lettered again after a replay, the message would be dropped as a
        // duplicate, and the broker would roll the whole transaction back, again and again.
        message.removeHeader(DuplicateIds.HEADER);
        // A replay waits for the client's earlier messages afresh, not from when this copy first waited.
        message.removeHeader(DeliveryOrder.WAITING_SINCE);
        LOG.warn("Delivery to {} given up ({}); the message waits in {}", recipient, failure.summary().describe(),
                queues.deadLetter(recipient));
    }

    /** What went wrong, and, when the hub gave up on a failure that might have passed, which limit it reached. */
    private String whyGivenUp(Exchange exchange, DeliveryFailure failure) {
        if (isPermanent(cause(exchange))) {
            return failure.describe();
        }
        MessageLedger.RetrySeries series = ledger.retrySeries(messageId(exchange), recipient(exchange)).orElseThrow();
        Duration age = Duration.between(series.startedAt(), Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        String limit = series.failedAttempts() >= settings.maxAttempts()
                ? "max-attempts " + settings.maxAttempts() + " reached"
                : "max-age " + settings.maxAge() + " passed";
        // A call the open circuit stopped says nothing about the message: tell the partner's last answer.
        String last = isAttempt(exchange) ? failure.describe() : "the partner's circuit is open; last attempt: "
                + ledger.delivery(messageId(exchange), recipient(exchange)).map(MessageStatus.Delivery::lastFailure)
                        .map(DeliveryFailure::describe).orElse("none");
        return "gave up after " + series.failedAttempts() + " failed attempt" + (series.failedAttempts() == 1 ? "" : "s")
                + " in " + age + " (" + limit + "); last: " + last;
    }

    /**
     * Records a failed attempt to deliver (called for every failure in a route), in the ledger and in the
     * partner's circuit. What was no attempt is not counted: a message that could not be translated, a partner
     * whose circuit is open, a hub that stops.
     */
    public void attemptFailed(Exchange exchange) {
        circuits.failed(exchange, cause(exchange));
        if (recipient(exchange) != null && isAttempt(exchange)) {
            DeliveryFailures.Told failure = DeliveryFailures.of(cause(exchange));
            ledger.recordAttemptFailed(messageId(exchange), recipient(exchange), failure.summary(), failure.detail(), translated(exchange));
            translationRecorded(exchange);
            metrics.failed(exchange);
            LOG.warn("Delivery to {} failed ({})", recipient(exchange), failure.summary().describe());
        }
    }

    static boolean isPermanent(Throwable cause) {
        return cause instanceof UndeliverableException || cause instanceof MappingException;
    }

    /** Whether the partner was called: the message was translated and the circuit let the call through. */
    private static boolean isAttempt(Exchange exchange) {
        Throwable cause = cause(exchange);
        return exchange.getProperty(DeliveryProperties.URL) != null
                && !(cause instanceof CallNotPermittedException || cause instanceof RejectedExecutionException);
    }

    /**
     * The translation's record, for the first outcome recorded for it: a retry within the exchange calls the partner
     * again with the same translation, so it is recorded once, as before ({@link #translationRecorded}).
     */
    private static MessageLedger.Translated translated(Exchange exchange) {
        return exchange.getProperty(DeliveryProperties.TRANSLATED, MessageLedger.Translated.class);
    }

    /**
     * The ledger has the translation's record now. Only once it has: an outcome whose transaction failed (the database
     * away for a moment) leaves the record for the retry's outcome, so that no delivery goes without its TRANSLATED.
     */
    private static void translationRecorded(Exchange exchange) {
        exchange.removeProperty(DeliveryProperties.TRANSLATED);
    }

    private static Throwable cause(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static UUID messageId(Exchange exchange) {
        return UUID.fromString(exchange.getProperty(DeliveryProperties.MESSAGE_ID, String.class));
    }

    private static String recipient(Exchange exchange) {
        return exchange.getProperty(DeliveryProperties.RECIPIENT, String.class);
    }
}
