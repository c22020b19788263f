package fi.ketju.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * What each simulated partner has received, kept in memory for tests and demos. Thread-safe.
 *
 * <p>Honours {@code Idempotency-Key} per partner the way a real receiver should: a redelivery with a key already
 * seen is acknowledged by the caller but not stored, so duplicates the hub sends show up as a count of zero.
 */
@Component
@Profile("sandbox")
public class SandboxInbox {

    /** The request header a sender puts the same value in on every redelivery of one message. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final Map<SandboxPartner, PartnerInbox> inboxes = new EnumMap<>(SandboxPartner.class);

    public SandboxInbox() {
        for (SandboxPartner partner : SandboxPartner.values()) {
            inboxes.put(partner, new PartnerInbox());
        }
    }

    /**
     * @param idempotencyKey null or blank when the sender gave none: then every delivery is stored
     * @return true if stored, false if it was a redelivery of an Idempotency-Key already stored
     */
    public boolean receive(SandboxPartner partner, String contentType, String idempotencyKey, String body) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        return inboxes.get(partner).add(new ReceivedMessage(Instant.now(), contentType, key, body));
    }

    /** Oldest first; a copy, so later deliveries do not change it. */
    public List<ReceivedMessage> received(SandboxPartner partner) {
        return inboxes.get(partner).messages();
    }

    public int count(SandboxPartner partner) {
        return inboxes.get(partner).size();
    }

    /** Forgets the messages and the Idempotency-Keys seen, as if the partner had just started. */
    public void clear(SandboxPartner partner) {
        inboxes.get(partner).clear();
    }

    private static final class PartnerInbox {

        private final List<ReceivedMessage> messages = new ArrayList<>();
        private final Set<String> idempotencyKeys = new HashSet<>();

        synchronized boolean add(ReceivedMessage message) {
            if (message.idempotencyKey() != null && !idempotencyKeys.add(message.idempotencyKey())) {
                return false;
            }
            messages.add(message);
            return true;
        }

        synchronized List<ReceivedMessage> messages() {
            return List.copyOf(messages);
        }

        synchronized int size() {
            return messages.size();
        }

        synchronized void clear() {
            messages.clear();
            idempotencyKeys.clear();
        }
    }
}
