package fi.ketju.admin;

import java.time.Instant;
import java.util.UUID;

/** A message waiting in a recipient's dead-letter queue, as its JMS headers describe it. */
record DeadLetter(UUID messageId, String recipient, String type, String reason, Instant deadLetteredAt) {
}
