package fi.ketju.audit;

/** What happened to a message, as the append-only message log records it. */
public enum MessageEvent {
    RECEIVED,
    ROUTED,
    TRANSLATED,
    DELIVERED,
    DELIVERY_FAILED,
    DEAD_LETTERED
}
