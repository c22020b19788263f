package fi.ketju.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Searches the chained trail, newest first, by keyset (event id): each filter has an index ending in id. */
@Component
class AuditSearch {

    /** A time range with fewer events than this bounds the search by the ids it spans (see span). */
    private static final int NARROW = 10_000;

    private final JdbcClient jdbc;
    private final Subjects subjects;

    AuditSearch(JdbcClient jdbc, Subjects subjects) {
        this.jdbc = jdbc;
        this.subjects = subjects;
    }

    List<TrailEvent> search(AuditFilter filter) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        condition(where, params, "e.subject_key = :person", filter.person() == null ? null : subjects.keyOfHetu(filter.person()));
        condition(where, params, "e.chain_id = :chainId", filter.chainId());
        condition(where, params, "e.message_id = :messageId", filter.messageId());
        condition(where, params, "e.partner = :partner", filter.partner());
        condition(where, params, "e.recipient = :recipient", filter.recipient());
        condition(where, params, "e.message_type = :messageType", filter.messageType());
        condition(where, params, "e.event_type = :eventType", filter.eventType() == null ? null : filter.eventType().name());
        condition(where, params, "e.occurred_at >= :from", filter.from() == null ? null : MessageLog.utc(filter.from()));
        condition(where, params, "e.occurred_at < :to", filter.to() == null ? null : MessageLog.utc(filter.to()));
        // Bounds on the event id: where the page starts, and the ids a narrow time range spans.
        List<String> idBounds = new ArrayList<>();
        condition(idBounds, params, "e.id < :before", filter.before());
        if (filter.from() != null || filter.to() != null) {
            Span span = span(where, params);
            if (span.events() == 0) {
                return List.of();
            }
            if (span.events() < NARROW) {
                condition(idBounds, params, "e.id >= :spanFirst", span.firstId());
                condition(idBounds, params, "e.id <= :spanLast", span.lastId());
            }
        }
        List<String> conditions = new ArrayList<>(where);
        conditions.addAll(idBounds);
        String events = filter.person() == null
                ? "select e.* from audit_event e" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                        + " order by " + order(filter)
                : personsEvents(where, idBounds, params);
        return jdbc.sql(events + " fetch first " + filter.limit() + " rows only")
                .params(params)
                .query(TrailEvent::read)
                .list();
    }

    /**
     * A person's events (V36): those of the person's messages, through the messages' index by person and the trail's by
     * message; and those whose message does not name the person, by their own index. {@code where} has the person's own
     * (hashed) subject_key, so each part keeps only events about the person. A person has tens of events: read whole,
     * then sorted. The second part's ids are asked first, with the id bounds alone: given every condition at once, H2
     * chose another index of the same estimated cost (the event type's) or read the primary key's range.
     */
    private String personsEvents(List<String> where, List<String> idBounds, Map<String, Object> params) {
        List<Long> notOfMessage = jdbc.sql("select e.id from audit_event e where e.subject_key_not_of_message = :person" + and(idBounds))
                .params(params)
                .query(Long.class)
                .list();
        params.put("notOfMessage", notOfMessage);
        String ofMessages = "select e.* from message m join audit_event e on e.message_id = m.id where m.subject_key = :person"
                + and(where) + and(idBounds);
        String notOfMessages = "select e.* from audit_event e where e.id in (:notOfMessage)" + and(where);
        return ofMessages + (notOfMessage.isEmpty() ? "" : " union all " + notOfMessages) + " order by id desc";
    }

    private static String and(List<String> conditions) {
        return conditions.stream().map(condition -> " and " + condition).collect(Collectors.joining());
    }

    /**
     * Newest first, said so that the database reads the first page straight from one index read backwards. With an
     * equality filter: "column desc, id desc", the order of that column's index (column, id), the column being
     * constant. (Said as "id desc" alone, H2 sorted all of a partner's 250,000 events: seconds on a million.) Not
     * used for a person, whose events are read whole.
     */
    private static String order(AuditFilter filter) {
        String lead = filter.messageId() != null ? "message_id"
                : filter.chainId() != null ? "chain_id"
                : filter.recipient() != null ? "recipient"
                : filter.partner() != null ? "partner"
                : filter.messageType() != null ? "message_type"
                : filter.eventType() != null ? "event_type"
                : null;
        return lead == null ? "id desc" : lead + " desc, id desc";
    }

    /** How many events a time range holds (counted up to NARROW) and the first and last id among them. */
    private record Span(int events, long firstId, long lastId) {
    }

    /**
     * The span of the filter's time range, read from the time index. A narrow range bounds the search by the ids it
     * spans, so that it reads only that stretch of an id index: without them, a day in the middle of a million events
     * took PostgreSQL 0.3-1 s (it walked the id index from the newest event back to the day) and H2 seconds (it chose
     * another index).
     */
    private Span span(List<String> where, Map<String, Object> params) {
        String range = where.stream().filter(condition -> condition.startsWith("e.occurred_at")).collect(Collectors.joining(" and "));
        return jdbc.sql("select count(*) as n, min(id) as first_id, max(id) as last_id from (select e.id from audit_event e where "
                        + range + " fetch first " + NARROW + " rows only) r")
                .params(params)
                .query((rs, n) -> new Span(rs.getInt("n"), rs.getLong("first_id"), rs.getLong("last_id")))
                .single();
    }

    Optional<TrailEvent> find(long id) {
        return jdbc.sql("select * from audit_event where id = :id").param("id", id).query(TrailEvent::read).optional();
    }

    /** Every event the filter finds, page by page (newest first). */
    List<TrailEvent> all(AuditFilter filter) {
        List<TrailEvent> all = new ArrayList<>();
        for (List<TrailEvent> page = search(filter); !page.isEmpty(); page = search(filter.after(page.get(page.size() - 1).id()))) {
            all.addAll(page);
        }
        return all;
    }

    /** Adds {@code sql}, whose one parameter is named after the colon, when the filter has a value for it. */
    private static void condition(List<String> where, Map<String, Object> params, String sql, Object value) {
        if (value != null) {
            where.add(sql);
            params.put(sql.substring(sql.indexOf(':') + 1), value);
        }
    }

    AuditRecord view(TrailEvent e) {
        String person = e.subjectEnc() == null ? null
                : subjects.open(new PersonalDataCipher.Sealed(e.subjectKeyId(), e.subjectEnc()));
        return new AuditRecord(e.id(), e.occurredAt(), e.type(), e.outcome(), e.messageId(), e.chainId(), e.messageType(),
                e.partner(), e.recipient(), person, e.requester(), e.requesterUser(), e.purpose(), e.legalBasis(),
                e.dataCategories() == null || e.dataCategories().isEmpty() ? List.of() : Arrays.asList(e.dataCategories().split(",")),
                e.dataIds(), e.detail(), e.hash());
    }
}
