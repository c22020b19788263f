package fi.ketju.message;

/** The state of one (message, recipient) delivery. */
public enum DeliveryStatus {
    /** Routed to the recipient, not yet delivered. */
    PENDING,
    /** The recipient answered 2xx. */
    DELIVERED,
    /** The last attempt failed; the broker will try again after a delay. */
    FAILED,
    /** Given up: a permanent error or too many attempts. The message waits in the recipient's dead-letter queue. */
    DEAD
}
