package fi.ketju.audit;

import fi.ketju.identity.PersonalIdentityCode;
import fi.ketju.web.RefusedRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A search of the audit trail, from the query parameters of /api/v1/audit/events: every filter is optional and
 * they combine with AND; {@code before} (an event id) and {@code limit} page through the result, newest first.
 */
record AuditFilter(String person, String chainId, UUID messageId, String partner, String recipient, String messageType,
        MessageEvent eventType, Instant from, Instant to, Long before, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    /** The parameters that are not filters: paging, and the format of an export. */
    static final Set<String> PAGING = Set.of("before", "limit", "format");
    static final Set<String> FILTERS = Set.of("person", "chainId", "messageId", "partner", "recipient",
            "messageType", "eventType", "from", "to");

    static AuditFilter parse(Map<String, String> params, int maxLimit) {
        for (String name : params.keySet()) {
            if (!FILTERS.contains(name) && !PAGING.contains(name)) {
                throw RefusedRequestException.invalid(name, "known-parameter", "is not a filter; use one of " + String.join(", ", FILTERS));
            }
        }
        String person = params.get("person");
        if (person != null && !PersonalIdentityCode.check(person).valid()) {
            throw RefusedRequestException.invalid("person", "hetu", "must be a valid personal identity code");
        }
        Integer limit = parsed(params, "limit", "integer", Integer::valueOf);
        AuditFilter filter = new AuditFilter(person, text(params, "chainId"),
                parsed(params, "messageId", "uuid", UUID::fromString),
                text(params, "partner"), text(params, "recipient"), text(params, "messageType"),
                parsed(params, "eventType", "event-type", MessageEvent::valueOf),
                parsed(params, "from", "date-time", Instant::parse),
                parsed(params, "to", "date-time", Instant::parse),
                parsed(params, "before", "integer", Long::valueOf),
                limit == null ? DEFAULT_LIMIT : limit);
        if (filter.limit() < 1 || filter.limit() > maxLimit) {
            throw RefusedRequestException.invalid("limit", "range", "must be from 1 to " + maxLimit);
        }
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw RefusedRequestException.invalid("to", "after-from", "must be later than from");
        }
        return filter;
    }

    /** A message id from a path, checked as the messageId filter is. */
    static UUID messageId(String value) {
        return parsed(Map.of("messageId", value), "messageId", "uuid", UUID::fromString);
    }

    /** An audit event id from a path. */
    static long eventId(String value) {
        return parsed(Map.of("id", value), "id", "integer", Long::valueOf);
    }

    /** The same search for the page after {@code lastId}. */
    AuditFilter after(long lastId) {
        return new AuditFilter(person, chainId, messageId, partner, recipient, messageType, eventType, from, to, lastId, limit);
    }

    /** What the search asked for, as the audit-of-audit event records it; the person is the event's subject, not in here. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (person != null) {
            parts.add("person=(the data subject)");
        }
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("chainId", chainId);
        named.put("messageId", messageId);
        named.put("partner", partner);
        named.put("recipient", recipient);
        named.put("messageType", messageType);
        named.put("eventType", eventType);
        named.put("from", from);
        named.put("to", to);
        named.put("before", before);
        named.forEach((name, value) -> {
            if (value != null) {
                parts.add(name + "=" + value);
            }
        });
        parts.add("limit=" + limit);
        return parts.stream().collect(Collectors.joining("&"));
    }

    private static String text(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value != null && (value.isBlank() || value.length() > 200)) {
            throw RefusedRequestException.invalid(name, "length", "must be 1-200 characters");
        }
        return value;
    }

    private static <T> T parsed(Map<String, String> params, String name, String rule, Function<String, T> parser) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw RefusedRequestException.invalid(name, rule, switch (rule) {
                case "date-time" -> "must be an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z";
                case "event-type" -> "must be one of " + Arrays.toString(MessageEvent.values());
                default -> "must be a valid " + rule;
            });
        }
    }
}
