package fi.ketju.broker;

import java.util.Objects;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.Message;

/**
 * Artemis duplicate detection: the broker drops a send whose id its address has already taken (outside a transaction
 * silently, inside one by refusing the whole transaction), so a send retried after a broker failover (the broker had
 * it, the answer was lost) is not enqueued twice. Each address remembers the last
 * ketju.broker.id-cache-size ids (id-cache-size in an external broker's broker.xml); a retry that comes later than
 * that is not recognised, and the ledger and the partner's Idempotency-Key still keep it from being delivered twice.
 * An id is remembered once its transaction commits: a send rolled back (a crash mid-routing) may be made again.
 */
public final class DuplicateIds {

    /** The message property (header) Artemis reads: _AMQ_DUPL_ID. */
    public static final String HEADER = Message.HDR_DUPLICATE_DETECTION_ID.toString();

    private DuplicateIds() {
    }

    /** The door's send to the inbound queue: one hub message, one send. */
    public static String accepted(String messageId) {
        return messageId;
    }

    /** The routing's send of a message to one recipient's delivery queue. */
    public static String delivery(String messageId, String recipient) {
        return messageId + ":" + recipient;
    }

    /**
     * The routing's send of a message the broker gave again (its {@code deliveryCount}th time): a copy under the
     * delivery's own id may already be queued, committed while the message itself was not. That happens when a
     * listener container closes its shared connection under consumers busy in their transactions (Spring's recovery
     * after a failover): the closed consumer's message goes back to its queue, and the transaction's commit, which came
     * after, keeps the send. Sent again under the delivery's id, the copy would be refused, and with it the whole
     * transaction, every time the message came: a loop. So each attempt after the first has an id of its own; a copy
     * queued twice is delivered once (the ledger says it was delivered, and the partner has its Idempotency-Key).
     */
    public static String routedAgain(String messageId, String recipient, int deliveryCount) {
        return delivery(messageId, recipient) + ":routed-again:" + deliveryCount;
    }

    /**
     * A delivery put back on its queue to wait for an earlier message of the client (DeliveryOrder): a new send of the
     * message, named by the broker's id of the copy it replaces, so that a retried send of it is still dropped.
     */
    public static String waited(String messageId, String recipient, String replacedId) {
        return delivery(messageId, recipient) + ":waited:" + Objects.requireNonNullElseGet(replacedId, () -> UUID.randomUUID().toString());
    }

    /**
     * An admin's replay of a dead letter is a new send of the same message to the same queue: the delivery's id would
     * make the broker drop it. Its own id names the dead letter it replays (the broker's id of that dead letter).
     */
    public static String replay(String messageId, String recipient, String deadLetterId) {
        // A dead letter sent without a message id (a client that disables them): each replay is then its own.
        return delivery(messageId, recipient) + ":replay:" + Objects.requireNonNullElseGet(deadLetterId, () -> UUID.randomUUID().toString());
    }
}
