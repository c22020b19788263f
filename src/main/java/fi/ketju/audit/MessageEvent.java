package fi.ketju.audit;

/** What happened to a message, as the append-only message log records it. */
public enum MessageEvent {
    RECEIVED,
    ROUTED,
    TRANSLATED,
    DELIVERED,
    DELIVERY_FAILED,
    DEAD_LETTERED,
    /** An admin put a dead-lettered message back on its delivery queue. */
    REPLAYED,
    /** An admin removed a dead-lettered message for good; its delivery stays DEAD. */
    DISCARDED
}
