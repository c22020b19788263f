package fi.ketju.message;

import fi.ketju.web.RefusedRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A search of the accepted messages by their metadata only (MessageLedger.search): type, sender, a recipient and the
 * state of its delivery, the hub's or the sender's message id. Always within a time window of acceptance, at most
 * {@link #MAX_WINDOW} long, so that every search reads a bounded range of an index (V29), never the whole table.
 * Newest first; {@code before} is where the previous page ended.
 */
public record MessageSearch(String type, String sender, String recipient, DeliveryStatus status, UUID messageId,
        String senderMessageId, Instant from, Instant to, Position before, int limit) {

    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    public static final int MAX_LIMIT = 100;

    /** A message's place in the order of the search: the last one of a page. */
    public record Position(Instant acceptedAt, UUID messageId) {
    }

    /** A message found: its envelope and each recipient's delivery state, never its content. */
    public record Found(UUID messageId, String type, String sender, String senderMessageId, Instant acceptedAt,
            Map<String, DeliveryStatus> deliveries) {
    }

    /** One page of messages; {@code next} is null on the last. */
    public record Page(List<Found> messages, Position next) {
    }

    public MessageSearch {
        if (from == null || to == null) {
            throw RefusedRequestException.invalid("from", "required", "a search is always within a time window: give from and to");
        }
        if (!from.isBefore(to)) {
            throw RefusedRequestException.invalid("to", "after-from", "must be later than from");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw RefusedRequestException.invalid("from", "window", "the time window may be at most " + MAX_WINDOW.toDays() + " days");
        }
        if (senderMessageId != null && sender == null) {
            // Sender message ids are each sender's own: only with the sender is the search by an index.
            throw RefusedRequestException.invalid("sender", "required", "a sender message id is the sender's own: choose the sender too");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RefusedRequestException.invalid("limit", "range", "must be from 1 to " + MAX_LIMIT);
        }
    }
}
