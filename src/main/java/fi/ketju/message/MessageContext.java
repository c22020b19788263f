package fi.ketju.message;

import org.slf4j.MDC;

/**
 * The headers a message carries through the queues that say which message it is, and the logging context
 * (MDC keys {@value #MESSAGE_ID}, {@value #CHAIN_ID}) that every log line about it carries. Only ids: never a
 * body or an identity code.
 */
public final class MessageContext {

    public static final String MESSAGE_ID = "ketjuMessageId";
    public static final String CHAIN_ID = "ketjuChainId";
    /** Epoch milliseconds when a door accepted the message (for the delivery latency). */
    public static final String ACCEPTED_AT = "ketjuAcceptedAt";
    /**
     * The digest of what the message says, as the door computed it (a hash, never the content), so that routing can
     * record it with a message whose door transaction was lost (MessageLedger.recordRouted).
     */
    public static final String CONTENT_DIGEST = "ketjuContentDigest";
    /**
     * The client's key (Subjects: a keyed hash, never the identity code) as the broker's message group, which keeps one
     * client's messages in order on every queue they pass.
     */
    public static final String GROUP_ID = "JMSXGroupID";

    private MessageContext() {
    }

    /**
     * Puts the message's ids in the logging context unless a caller already has (a route called by another);
     * returns whether it did, so that only that caller {@link #clear}s them.
     */
    public static boolean enter(Object messageId, Object chainId) {
        if (messageId == null || MDC.get(MESSAGE_ID) != null) {
            return false;
        }
        MDC.put(MESSAGE_ID, messageId.toString());
        if (chainId != null) {
            MDC.put(CHAIN_ID, chainId.toString());
        }
        return true;
    }

    public static void clear() {
        MDC.remove(MESSAGE_ID);
        MDC.remove(CHAIN_ID);
    }

    /**
     * Runs {@code work} with the message's ids in the logging context, and takes them out after: the thread is a
     * pooled one (a request's, a listener's) and must not carry them on to its next message.
     */
    public static void within(Object messageId, Object chainId, Runnable work) {
        boolean entered = enter(messageId, chainId);
        try {
            work.run();
        } finally {
            if (entered) {
                clear();
            }
        }
    }
}
