package fi.ketju.audit;

import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The auditors' API (the auditor role only, see SecurityConfiguration). Every call is itself an audit event:
 * who, what they asked, how many results. The trail is brought up to date (AuditChainer) before it is read.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final int MAX_EXPORT = 10_000;

    private final AuditChainer chainer;
    private final AuditSearch search;
    private final TrailVerification verification;
    private final AuditTrail trail;
    private final BalpExport balp;
    private final DisclosureReport disclosures;
    private final MessageBodies bodies;
    private final FailureDetails failureDetails;

    AuditController(AuditChainer chainer, AuditSearch search, TrailVerification verification, AuditTrail trail, BalpExport balp,
            DisclosureReport disclosures, MessageBodies bodies, FailureDetails failureDetails) {
        this.chainer = chainer;
        this.search = search;
        this.verification = verification;
        this.trail = trail;
        this.balp = balp;
        this.disclosures = disclosures;
        this.bodies = bodies;
        this.failureDetails = failureDetails;
    }

    record Page(List<AuditSearch.AuditRecord> events, String next) {
    }

    @GetMapping("/events")
    Page events(@RequestParam Map<String, String> params, @AuthenticationPrincipal KetjuPrincipal auditor) {
        AuditFilter filter = AuditFilter.parse(params, AuditFilter.MAX_LIMIT);
        List<AuditSearch.AuditRecord> events = find(filter);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_SEARCH, filter.describe() + "; " + events.size() + " events",
                filter.person(), null);
        return new Page(events, next(filter, events));
    }

    /** The same search exported: format=fhir (a FHIR R4 searchset Bundle of BALP AuditEvents) or format=csv. */
    @GetMapping("/events/export")
    ResponseEntity<String> export(@RequestParam Map<String, String> params, @AuthenticationPrincipal KetjuPrincipal auditor) {
        String format = params.getOrDefault("format", "fhir");
        if (!format.equals("fhir") && !format.equals("csv")) {
            throw RefusedRequestException.invalid("format", "enum", "must be fhir or csv");
        }
        Map<String, String> withLimit = new LinkedHashMap<>(params);
        withLimit.putIfAbsent("limit", String.valueOf(AuditFilter.MAX_LIMIT));
        AuditFilter filter = AuditFilter.parse(withLimit, MAX_EXPORT);
        List<AuditSearch.AuditRecord> events = find(filter);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_EXPORT, "format=" + format + "&" + filter.describe() + "; "
                + events.size() + " events", filter.person(), null);
        String next = next(filter, events);
        return format.equals("csv")
                ? ResponseEntity.ok().contentType(CSV).body(AuditCsv.of(events))
                : ResponseEntity.ok().contentType(FHIR_JSON).body(balp.encode(balp.bundle(events, fhirBase(),
                        ServletUriComponentsBuilder.fromCurrentRequest().toUriString(), next)));
    }

    /** One event as a FHIR AuditEvent: where the export's entries point (their fullUrl). */
    @GetMapping("/AuditEvent/{id}")
    ResponseEntity<String> auditEvent(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal auditor) {
        long eventId = AuditFilter.eventId(id);
        chainer.chainBeforeRead();
        var event = search.find(eventId).map(search::view);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "audit event " + eventId, null, null);
        return event.map(record -> ResponseEntity.ok().contentType(FHIR_JSON).body(balp.encode(balp.auditEvent(record))))
                .orElseThrow(() -> RefusedRequestException.notFound("id", "audit-event", "no audit event " + eventId));
    }

    /** The client's disclosure report: JSON, or a printable HTML page with format=html. */
    @GetMapping("/disclosures")
    ResponseEntity<?> disclosures(@RequestParam(required = false) String person, @RequestParam(required = false) String format,
            @AuthenticationPrincipal KetjuPrincipal auditor) {
        if (person == null) {
            throw RefusedRequestException.invalid("person", "required", "the personal identity code the report is about");
        }
        if (format != null && !format.equals("json") && !format.equals("html")) {
            throw RefusedRequestException.invalid("format", "enum", "must be json or html");
        }
        AuditFilter filter = AuditFilter.parse(Map.of("person", person, "eventType", MessageEvent.DELIVERED.name(),
                "limit", String.valueOf(AuditFilter.MAX_LIMIT)), AuditFilter.MAX_LIMIT);
        chainer.chainBeforeRead();
        DisclosureReport.Report report = disclosures.report(person, search.all(filter).stream().map(search::view).toList());
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "disclosure report" + ("html".equals(format) ? " (html)" : "")
                + "; " + report.disclosures().size() + " disclosures", person, null);
        return "html".equals(format)
                ? ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .body(disclosures.html(report))
                : ResponseEntity.ok(report);
    }

    @GetMapping("/verify")
    AuditVerifier.Verification verify(@AuthenticationPrincipal KetjuPrincipal auditor) {
        return verification.verify(auditor, AuditTrail.Via.API);
    }

    /** The body a message was accepted with (decrypted), while the retention policy keeps it. */
    @GetMapping(value = "/messages/{id}/body", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> body(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal auditor) {
        UUID messageId = AuditFilter.messageId(id);
        var body = bodies.find(messageId);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "message body" + (body.isPresent() ? "" : " (not kept)"),
                null, messageId);
        return body.map(ResponseEntity::ok).orElseThrow(() -> RefusedRequestException.notFound("messageId", "body-kept",
                "no body is kept for " + messageId + " (unknown, or past ketju.audit.retention.body-days)"));
    }

    /**
     * What the hub got when each delivery of the message failed (the recipient's whole answer, or a mapping's or a
     * connection's error), decrypted, while the retention policy keeps it: what admins see only as a summary.
     */
    @GetMapping("/messages/{id}/failures")
    List<FailureDetails.Kept> failures(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal auditor) {
        UUID messageId = AuditFilter.messageId(id);
        List<FailureDetails.Kept> failures = failureDetails.find(messageId);
        trail.recordAuditorAction(auditor, MessageEvent.AUDIT_VIEW, "delivery failure details; " + failures.size() + " kept",
                null, messageId);
        return failures;
    }

    private static String fhirBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/audit").toUriString();
    }

    private List<AuditSearch.AuditRecord> find(AuditFilter filter) {
        chainer.chainBeforeRead();
        return search.search(filter).stream().map(search::view).toList();
    }

    /** The link to the next page, when this one was full. */
    private static String next(AuditFilter filter, List<AuditSearch.AuditRecord> events) {
        if (events.size() < filter.limit()) {
            return null;
        }
        return ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("before", events.get(events.size() - 1).id())
                .toUriString();
    }
}
