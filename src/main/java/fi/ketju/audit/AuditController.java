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
 * who, what they asked, how many results, recorded by AuditReads, which the console reads through too.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final int MAX_EXPORT = 10_000;

    private final AuditReads reads;
    private final TrailVerification verification;
    private final BalpExport balp;
    private final DisclosureReport disclosures;

    AuditController(AuditReads reads, TrailVerification verification, BalpExport balp, DisclosureReport disclosures) {
        this.reads = reads;
        this.verification = verification;
        this.balp = balp;
        this.disclosures = disclosures;
    }

    record Page(List<AuditRecord> events, String next) {
    }

    @GetMapping("/events")
    Page events(@RequestParam Map<String, String> params, @AuthenticationPrincipal KetjuPrincipal auditor) {
        AuditReads.Page page = reads.search(auditor, params, AuditTrail.Via.API);
        return new Page(page.events(), next(page));
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
        AuditReads.Page page = reads.export(auditor, withLimit, MAX_EXPORT, format);
        String next = next(page);
        return format.equals("csv")
                ? ResponseEntity.ok().contentType(CSV).body(AuditCsv.of(page.events()))
                : ResponseEntity.ok().contentType(FHIR_JSON).body(balp.encode(balp.bundle(page.events(), fhirBase(),
                        ServletUriComponentsBuilder.fromCurrentRequest().toUriString(), next)));
    }

    /** One event as a FHIR AuditEvent: where the export's entries point (their fullUrl). */
    @GetMapping("/AuditEvent/{id}")
    ResponseEntity<String> auditEvent(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal auditor) {
        long eventId = AuditFilter.eventId(id);
        return reads.event(auditor, eventId)
                .map(record -> ResponseEntity.ok().contentType(FHIR_JSON).body(balp.encode(balp.auditEvent(record))))
                .orElseThrow(() -> RefusedRequestException.notFound("id", "audit-event", "no audit event " + eventId));
    }

    /** The client's disclosure report: JSON, or a printable HTML page with format=html. */
    @GetMapping("/disclosures")
    ResponseEntity<?> disclosures(@RequestParam(required = false) String person, @RequestParam(required = false) String format,
            @AuthenticationPrincipal KetjuPrincipal auditor) {
        if (format != null && !format.equals("json") && !format.equals("html")) {
            throw RefusedRequestException.invalid("format", "enum", "must be json or html");
        }
        DisclosureReport.Report report = reads.disclosures(auditor, person, "html".equals(format), AuditTrail.Via.API);
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
        return reads.body(auditor, messageId).map(ResponseEntity::ok).orElseThrow(() -> RefusedRequestException.notFound(
                "messageId", "body-kept", "no body is kept for " + messageId + " (unknown, or past ketju.audit.retention.body-days)"));
    }

    /**
     * What the hub got when each delivery of the message failed (the recipient's whole answer, or a mapping's or a
     * connection's error), decrypted, while the retention policy keeps it: what admins see only as a summary.
     */
    @GetMapping("/messages/{id}/failures")
    List<FailureDetails.Kept> failures(@PathVariable String id, @AuthenticationPrincipal KetjuPrincipal auditor) {
        UUID messageId = AuditFilter.messageId(id);
        return reads.failures(auditor, messageId);
    }

    private static String fhirBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/audit").toUriString();
    }

    /** The link to the next page, when this one was full. */
    private static String next(AuditReads.Page page) {
        if (page.nextBefore() == null) {
            return null;
        }
        return ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("before", page.nextBefore())
                .toUriString();
    }
}
