package fi.ketju.audit;

import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Every read an auditor makes of the trail and of what the hub keeps of a message, for the audit API and the console
 * alike: the trail brought up to date (AuditChainer), read, and the read recorded as the auditor's action
 * (AUDIT_SEARCH, AUDIT_EXPORT, AUDIT_VIEW) before the answer leaves the hub, so that no path reads unrecorded. The
 * console's reads are the API's events, told apart by {@link AuditTrail.Via}.
 */
@Component
public class AuditReads {

    private final AuditChainer chainer;
    private final AuditSearch search;
    private final AuditTrail trail;
    private final DisclosureReport disclosures;
    private final MessageBodies bodies;
    private final FailureDetails failureDetails;

    AuditReads(AuditChainer chainer, AuditSearch search, AuditTrail trail, DisclosureReport disclosures, MessageBodies bodies,
            FailureDetails failureDetails) {
        this.chainer = chainer;
        this.search = search;
        this.trail = trail;
        this.disclosures = disclosures;
        this.bodies = bodies;
        this.failureDetails = failureDetails;
    }

    /** A page of a search, newest first; {@code nextBefore} is where the next page starts, when this one was full. */
    public record Page(List<AuditRecord> events, Long nextBefore) {
    }

    /**
     * A search by the API's filters (query parameters, or the console's fields of the same names): refused as the API
     * refuses it ({@link RefusedRequestException}, naming the field and the rule) when a filter is not valid.
     */
    public Page search(KetjuPrincipal auditor, Map<String, String> filters, AuditTrail.Via via) {
        AuditFilter filter = AuditFilter.parse(filters, AuditFilter.MAX_LIMIT);
        List<AuditRecord> events = find(filter);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_SEARCH, filter.describe() + "; " + events.size() + " events",
                filter.person(), null, via);
        return page(filter, events);
    }

    /** The same search for an export in {@code format}, up to {@code maxLimit} events. */
    Page export(KetjuPrincipal auditor, Map<String, String> filters, int maxLimit, String format) {
        AuditFilter filter = AuditFilter.parse(filters, maxLimit);
        List<AuditRecord> events = find(filter);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_EXPORT, "format=" + format + "&" + filter.describe() + "; "
                + events.size() + " events", filter.person(), null);
        return page(filter, events);
    }

    /** One event of the trail. */
    Optional<AuditRecord> event(KetjuPrincipal auditor, long eventId) {
        chainer.chainBeforeRead();
        Optional<AuditRecord> event = search.find(eventId).map(search::view);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "audit event " + eventId, null, null);
        return event;
    }

    /** The client's disclosure report: every DELIVERED event about the person; {@code printable} when shown as a page. */
    public DisclosureReport.Report disclosures(KetjuPrincipal auditor, String person, boolean printable, AuditTrail.Via via) {
        if (person == null || person.isBlank()) {
            throw RefusedRequestException.invalid("person", "required", "the personal identity code the report is about");
        }
        AuditFilter filter = AuditFilter.parse(Map.of("person", person, "eventType", MessageEvent.DELIVERED.name(),
                "limit", String.valueOf(AuditFilter.MAX_LIMIT)), AuditFilter.MAX_LIMIT);
        chainer.chainBeforeRead();
        DisclosureReport.Report report = disclosures.report(person, search.all(filter).stream().map(search::view).toList());
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "disclosure report" + (printable ? " (html)" : "")
                + "; " + report.disclosures().size() + " disclosures", person, null, via);
        return report;
    }

    /** The body the message was accepted with, while it is kept: over the API, for the audit purpose. */
    Optional<String> body(KetjuPrincipal auditor, UUID messageId) {
        Optional<String> body = bodies.find(messageId);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, bodyViewed(body), null, messageId);
        return body;
    }

    /** The same, opened for the purpose and the reason the auditor gave, which the view's event records. */
    public Optional<String> body(KetjuPrincipal auditor, UUID messageId, ViewReason why, AuditTrail.Via via) {
        Optional<String> body = bodies.find(messageId);
        trail.recordAuditorView(auditor, bodyViewed(body), messageId, why, via);
        return body;
    }

    /** What each recipient answered to each failed delivery of the message, while it is kept: over the API. */
    List<FailureDetails.Kept> failures(KetjuPrincipal auditor, UUID messageId) {
        List<FailureDetails.Kept> failures = failureDetails.find(messageId);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, failuresViewed(failures), null, messageId);
        return failures;
    }

    /** The same, opened for the purpose and the reason the auditor gave, which the view's event records. */
    public List<FailureDetails.Kept> failures(KetjuPrincipal auditor, UUID messageId, ViewReason why, AuditTrail.Via via) {
        List<FailureDetails.Kept> failures = failureDetails.find(messageId);
        trail.recordAuditorView(auditor, failuresViewed(failures), messageId, why, via);
        return failures;
    }

    private static String bodyViewed(Optional<String> body) {
        return "message body" + (body.isPresent() ? "" : " (not kept)");
    }

    private static String failuresViewed(List<FailureDetails.Kept> failures) {
        return "delivery failure details; " + failures.size() + " kept";
    }

    private List<AuditRecord> find(AuditFilter filter) {
        chainer.chainBeforeRead();
        return search.search(filter).stream().map(search::view).toList();
    }

    private static Page page(AuditFilter filter, List<AuditRecord> events) {
        return new Page(events, events.size() < filter.limit() ? null : events.get(events.size() - 1).id());
    }
}
