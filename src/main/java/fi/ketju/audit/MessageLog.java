package fi.ketju.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where every step writes its audit event: one insert into the outbox (message_event), inside the same database
 * transaction as the state change it records, so that no step happens without its event. It only inserts; the
 * chainer (AuditChainer) moves the events into the hash-chained trail (audit_event) in the background.
 */
@Component
public class MessageLog {

    private static final int DETAIL_LIMIT = 2000;

    private final JdbcClient jdbc;

    MessageLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One event as its step knows it. What a message's step leaves out (the data subject, chain, message type,
     * requesting partner) the chainer takes from the message's row.
     */
    public record Event(Instant at, MessageEvent type, UUID messageId, String recipient, String requester,
            String requesterUser, String purpose, String legalBasis, String dataCategories, Subjects.Subject subject,
            String detail) {

        public static Event of(UUID messageId, String recipient, MessageEvent type, String detail, Instant at) {
            return new Event(at, type, messageId, recipient, null, null, null, null, null, null, detail);
        }

        /** Asked for by {@code requester} (an API, a partner), on behalf of {@code user}. */
        public Event by(String requester, String user) {
            return new Event(at, type, messageId, recipient, requester, user, purpose, legalBasis, dataCategories, subject, detail);
        }

        public Event purpose(String purpose) {
            return new Event(at, type, messageId, recipient, requester, requesterUser, purpose, legalBasis, dataCategories, subject, detail);
        }

        public Event basis(String legalBasis, List<String> categories) {
            return new Event(at, type, messageId, recipient, requester, requesterUser, purpose, legalBasis,
                    String.join(",", categories), subject, detail);
        }

        public Event about(Subjects.Subject subject) {
            return new Event(at, type, messageId, recipient, requester, requesterUser, purpose, legalBasis, dataCategories, subject, detail);
        }
    }

    public void append(UUID messageId, String recipient, MessageEvent event, String detail, Instant at) {
        append(Event.of(messageId, recipient, event, detail, at));
    }

    public void append(Event event) {
        jdbc.sql("""
                insert into message_event (occurred_at, message_id, recipient, event_type, detail, requester, requester_user,
                    purpose, legal_basis, data_categories, subject_key, subject_enc, subject_key_id)
                values (:at, :messageId, :recipient, :event, :detail, :requester, :user,
                    :purpose, :basis, :categories, :subjectKey, :subjectEnc, :subjectKeyId)""")
                .param("at", utc(event.at()))
                .param("messageId", event.messageId())
                .param("recipient", event.recipient())
                .param("event", event.type().name())
                .param("detail", truncate(event.detail()))
                .param("requester", event.requester())
                .param("user", event.requesterUser())
                .param("purpose", event.purpose())
                .param("basis", event.legalBasis())
                .param("categories", event.dataCategories())
                .param("subjectKey", event.subject() == null ? null : event.subject().key())
                .param("subjectEnc", event.subject() == null ? null : event.subject().sealed().ciphertext())
                .param("subjectKeyId", event.subject() == null ? null : event.subject().sealed().keyId())
                .update();
    }

    /**
     * The disclosure: a DELIVERED event carrying the legal basis and data categories that the delivery row holds
     * for this recipient (set when the message was translated for it) and the number of the attempt that made it
     * ("attempt N: " before {@code detail}), copied in the same statement.
     */
    public void appendDelivered(UUID messageId, String recipient, String detail, Instant at) {
        jdbc.sql("""
                insert into message_event (occurred_at, message_id, recipient, event_type, detail, legal_basis, data_categories)
                select :at, message_id, recipient, :event, 'attempt ' || cast(attempts as varchar(10)) || ': ' || :detail,
                    legal_basis, data_categories
                from delivery where message_id = :messageId and recipient = :recipient""")
                .param("at", utc(at))
                .param("event", MessageEvent.DELIVERED.name())
                .param("detail", truncate(detail))
                .param("messageId", messageId)
                .param("recipient", recipient)
                .update();
    }

    /** A message's events in the order they happened: those already chained, then those still in the outbox. */
    public List<Entry> entries(UUID messageId) {
        return jdbc.sql("""
                select occurred_at, recipient, event_type, detail, 0 as pending, id from audit_event where message_id = :messageId
                union all
                select occurred_at, recipient, event_type, detail, 1 as pending, id from message_event where message_id = :messageId
                order by pending, id""")
                .param("messageId", messageId)
                .query((rs, n) -> new Entry(
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        MessageEvent.valueOf(rs.getString("event_type")),
                        rs.getString("recipient"),
                        rs.getString("detail")))
                .list();
    }

    /** Microseconds: what both databases keep, so that the hash over a stored time is the hash over the time written. */
    static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    static String truncate(String detail) {
        return detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT);
    }

    public record Entry(Instant at, MessageEvent event, String recipient, String detail) {
    }
}
