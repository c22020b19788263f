package fi.ketju.admin;

import fi.ketju.broker.DuplicateIds;
import fi.ketju.broker.QueueNames;
import fi.ketju.message.MessageContext;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recipients' dead-letter queues on the broker (filled by routes/error-handling.camel.yaml).
 * Listing browses them, which consumes nothing; taking a message out happens in a JMS transaction
 * together with whatever is done with it.
 */
@Component
class DeadLetterQueues {

    /** How long to wait for a message the browser has just seen; it is already on the broker. */
    private static final long RECEIVE_TIMEOUT_MILLIS = 2000;
    private static final String DEAD_REASON = "ketjuDeadReason";
    private static final String REPLAY_OF = "ketjuReplayOf";

    private final JmsTemplate jms;
    private final TransactionTemplate jmsTransaction;
    private final QueueNames queues;

    DeadLetterQueues(JmsTemplate jms, JmsTransactionManager jmsTransactionManager, QueueNames queues) {
        this.jms = jms;
        this.jmsTransaction = new TransactionTemplate(jmsTransactionManager);
        this.queues = queues;
    }

    List<DeadLetter> browse(String recipient) {
        return browse(recipient, null);
    }

    /** A recipient's dead letters; none when its dead-letter queue was never made (nothing has died for it yet). */
    List<DeadLetter> browse(String recipient, UUID messageId) {
        try {
            return browseQueue(recipient, messageId);
        } catch (InvalidDestinationException noQueueYet) {
            return List.of();
        }
    }

    private List<DeadLetter> browseQueue(String recipient, UUID messageId) {
        return jms.browseSelected(queues.deadLetter(recipient), messageId == null ? null : selector(messageId),
                (Session session, QueueBrowser browser) -> {
                    List<DeadLetter> found = new ArrayList<>();
                    Enumeration<?> messages = browser.getEnumeration();
                    while (messages.hasMoreElements()) {
                        found.add(describe(recipient, (Message) messages.nextElement()));
                    }
                    return found;
                });
    }

    /**
     * Moves the message from the recipient's dead-letter queue back to its delivery queue, with the
     * same body and headers and {@code ketjuReplayOf} naming why it had died. {@code record} runs before
     * the move commits: if it fails, nothing moves; once it has run, the delivery route may take the
     * message at once, so the ledger must already say it is pending. Answers false when it is not there.
     */
    boolean replay(String recipient, UUID messageId, Consumer<DeadLetter> record) {
        return take(recipient, messageId, (session, dead) -> {
            Message replay = sameBody(session, dead);
            for (String name : Collections.list((Enumeration<String>) dead.getPropertyNames())) {
                // The broker counts the deliveries of each message itself; the replay is a new message, with a
                // duplicate id of its own (an old one would make the broker drop it).
                if (!name.equals("JMSXDeliveryCount") && !name.equals(DuplicateIds.HEADER)) {
                    replay.setObjectProperty(name, dead.getObjectProperty(name));
                }
            }
            replay.setStringProperty(REPLAY_OF, dead.getStringProperty(DEAD_REASON));
            replay.setStringProperty(DuplicateIds.HEADER, DuplicateIds.replay(messageId.toString(), recipient, dead.getJMSMessageID()));
            try (MessageProducer producer = session.createProducer(session.createQueue(queues.delivery(recipient)))) {
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(replay);
            }
            record.accept(describe(recipient, dead));
        });
    }

    /** Removes the message from the recipient's dead-letter queue once {@code record} has run. False when it is not there. */
    boolean discard(String recipient, UUID messageId, Consumer<DeadLetter> record) {
        return take(recipient, messageId, (session, dead) -> record.accept(describe(recipient, dead)));
    }

    /** What is done with a message taken from a dead-letter queue, in the transaction that takes it. */
    @FunctionalInterface
    private interface WhileTaken {
        void accept(Session session, Message message) throws JMSException;
    }

    /** Takes the message and hands it on; both commit together, or an exception rolls the message back onto the queue. */
    private boolean take(String recipient, UUID messageId, WhileTaken whileTaken) {
        return Boolean.TRUE.equals(jmsTransaction.execute(transaction -> jms.execute((Session session) -> {
            Queue deadLetters = session.createQueue(queues.deadLetter(recipient));
            try (MessageConsumer consumer = session.createConsumer(deadLetters, selector(messageId))) {
                Message message = consumer.receive(RECEIVE_TIMEOUT_MILLIS);
                if (message == null) {
                    return false;
                }
                // On a request thread, which routes' logging context does not reach.
                boolean entered = MessageContext.enter(message.getStringProperty(MessageContext.MESSAGE_ID),
                        message.getStringProperty(MessageContext.CHAIN_ID));
                try {
                    whileTaken.accept(session, message);
                } finally {
                    if (entered) {
                        MessageContext.clear();
                    }
                }
                return true;
            }
        }, true)));
    }

    /** A new message with the dead one's body as it lies on the broker: a sealed body stays sealed (SealedBodies). */
    private static Message sameBody(Session session, Message dead) throws JMSException {
        if (dead instanceof BytesMessage bytes) {
            bytes.reset();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage copy = session.createBytesMessage();
            copy.writeBytes(body);
            return copy;
        }
        return session.createTextMessage(((TextMessage) dead).getText());
    }

    private static String selector(UUID messageId) {
        // A UUID, never caller text, goes into the selector.
        return "ketjuMessageId = '" + messageId + "'";
    }

    private static DeadLetter describe(String recipient, Message message) throws JMSException {
        return new DeadLetter(
                UUID.fromString(message.getStringProperty("ketjuMessageId")),
                recipient,
                message.getStringProperty("ketjuType"),
                message.getStringProperty(DEAD_REASON),
                Instant.ofEpochMilli(message.getJMSTimestamp()));
    }
}
