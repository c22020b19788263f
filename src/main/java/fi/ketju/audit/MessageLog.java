package fi.ketju.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The append-only message log. It only inserts: no code path updates or deletes a row. Callers write
 * to it inside the same database transaction as the state change it records.
 */
@Component
public class MessageLog {

    private static final int DETAIL_LIMIT = 2000;

    private final JdbcClient jdbc;

    MessageLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void append(UUID messageId, String recipient, MessageEvent event, String detail, Instant at) {
        jdbc.sql("""
                insert into message_event (occurred_at, message_id, recipient, event_type, detail)
                values (:at, :messageId, :recipient, :event, :detail)""")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("messageId", messageId)
                .param("recipient", recipient)
                .param("event", event.name())
                .param("detail", truncate(detail))
                .update();
    }

    public List<Entry> entries(UUID messageId) {
        return jdbc.sql("""
                select occurred_at, recipient, event_type, detail from message_event
                where message_id = :messageId order by id""")
                .param("messageId", messageId)
                .query((rs, n) -> new Entry(
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        MessageEvent.valueOf(rs.getString("event_type")),
                        rs.getString("recipient"),
                        rs.getString("detail")))
                .list();
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT);
    }

    public record Entry(Instant at, MessageEvent event, String recipient, String detail) {
    }
}
