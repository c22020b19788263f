package fi.ketju.message;

import fi.ketju.audit.MessageLog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What GET /api/v1/messages/{id} answers: the message, each delivery, and what was logged. */
public record MessageStatus(
        UUID messageId,
        String type,
        String sender,
        String senderMessageId,
        String chainId,
        Instant acceptedAt,
        Overall status,
        List<Delivery> deliveries,
        List<MessageLog.Entry> log) {

    public enum Overall {
        /** Durable in the hub, not routed yet. */
        ACCEPTED,
        /** Routed; some delivery is pending or being retried. */
        IN_PROGRESS,
        /** Every recipient has it. */
        DELIVERED,
        /** Nothing is in progress; some recipients have it, the others' deliveries are dead. */
        PARTIALLY_DELIVERED,
        /** Nothing is in progress and no recipient has it: every delivery is dead. */
        DEAD
    }

    public record Delivery(
            String recipient,
            DeliveryStatus status,
            int attempts,
            /** The last failure, as anyone who may read the status may see it; null while none. */
            DeliveryFailure lastFailure,
            String legalBasis,
            List<String> dataCategories,
            Instant createdAt,
            Instant updatedAt,
            Instant deliveredAt) {
    }

    static Overall overall(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Overall.ACCEPTED;
        }
        if (deliveries.stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED)) {
            return Overall.DELIVERED;
        }
        boolean inProgress = deliveries.stream()
                .anyMatch(d -> d.status() == DeliveryStatus.PENDING || d.status() == DeliveryStatus.FAILED);
        if (inProgress) {
            return Overall.IN_PROGRESS;
        }
        return deliveries.stream().anyMatch(d -> d.status() == DeliveryStatus.DELIVERED) ? Overall.PARTIALLY_DELIVERED : Overall.DEAD;
    }
}
