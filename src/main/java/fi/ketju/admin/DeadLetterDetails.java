package fi.ketju.admin;

import fi.ketju.message.DeliveryFailure;
import fi.ketju.message.MessageStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What an admin sees of a dead-lettered message: metadata from its JMS headers and its delivery row in
 * the ledger, never the message body.
 */
record DeadLetterDetails(
        UUID hubMessageId,
        String recipient,
        String type,
        String reason,
        Instant deadLetteredAt,
        Integer attempts,
        DeliveryFailure lastFailure,
        Instant deliveryCreatedAt,
        Instant deliveryUpdatedAt) {

    static DeadLetterDetails of(DeadLetter deadLetter, Optional<MessageStatus.Delivery> delivery) {
        return new DeadLetterDetails(
                deadLetter.messageId(),
                deadLetter.recipient(),
                deadLetter.type(),
                deadLetter.reason(),
                deadLetter.deadLetteredAt(),
                delivery.map(MessageStatus.Delivery::attempts).orElse(null),
                delivery.map(MessageStatus.Delivery::lastFailure).orElse(null),
                delivery.map(MessageStatus.Delivery::createdAt).orElse(null),
                delivery.map(MessageStatus.Delivery::updatedAt).orElse(null));
    }
}
