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
        /** Nothing is in progress and at least one recipient's delivery is dead. */
        DEAD
    }

    public record Delivery(
            String recipient,
            DeliveryStatus status,
            int attempts,
            String lastError,
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
        return inProgress ? Overall.IN_PROGRESS : Overall.DEAD;
    }
}
