package fi.ketju.console;

import fi.ketju.web.RefusedRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit search form: the API's filters by the same names, as a browser sends them. The times are the form's
 * datetime-local fields, read as UTC; a field left empty is no filter. The whole form is a POST, so that no filter,
 * the person's identity code above all, ever lands in a URL or the browser's history.
 */
record AuditSearchForm(String person, String chainId, String messageId, String partner, String recipient, String messageType,
        String eventType, String from, String to, String limit, String before) {

    /** What a datetime-local field sends (seconds optional) and what the form shows. */
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** The first search: the last 24 hours, everything else open. */
    static AuditSearchForm lastDay(Instant now) {
        LocalDateTime dayAgo = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.MINUTES);
        return new AuditSearchForm(null, null, null, null, null, null, null, MINUTES.format(dayAgo), null, null, null);
    }

    /** Each field that has a value, by name: what the form for the next page carries along. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "person", person);
        put(fields, "chainId", chainId);
        put(fields, "messageId", messageId);
        put(fields, "partner", partner);
        put(fields, "recipient", recipient);
        put(fields, "messageType", messageType);
        put(fields, "eventType", eventType);
        put(fields, "from", from);
        put(fields, "to", to);
        put(fields, "limit", limit);
        return fields;
    }

    /** The filled fields as the API's parameters; refused, naming the field, when a time is not one. */
    Map<String, String> filters() {
        Map<String, String> filters = fields();
        filters.computeIfPresent("from", AuditSearchForm::instant);
        filters.computeIfPresent("to", AuditSearchForm::instant);
        put(filters, "before", before);
        return filters;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(name, value.strip());
        }
    }

    private static String instant(String field, String value) {
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw RefusedRequestException.invalid(field, "date-time", "must be a date and time (UTC), e.g. 2026-01-31T12:00");
        }
    }
}
