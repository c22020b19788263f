package fi.ketju.console;

import fi.ketju.audit.AuditReads;
import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.MessageEvent;
import fi.ketju.audit.TrailVerification;
import fi.ketju.audit.ViewReason;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The auditors' pages (/console/audit/**, the auditor role only). Each read goes through the audit package's own
 * services (AuditReads, TrailVerification), which record it as the API's read is recorded, marked via: console.
 * Whatever carries an identity code is a POST whose answer is the page itself: no redirect, no query string. None of
 * the pages changes anything but the trail's record of the auditor's reads.
 */
@Controller
class AuditPagesController {

    private static final String SEARCH = "console/audit-search";
    private static final String DISCLOSURES = "console/disclosures";
    private static final String VIEW = "console/message-view";

    private final AuditReads reads;
    private final TrailVerification verification;

    AuditPagesController(AuditReads reads, TrailVerification verification) {
        this.reads = reads;
        this.verification = verification;
    }

    @GetMapping("/console/audit/verify")
    String verify(Authentication auditor, Model model) {
        model.addAttribute("verification", verification.verify(principal(auditor), AuditTrail.Via.CONSOLE));
        return "console/verify";
    }

    /** The search as it opens: the last 24 hours, newest first. */
    @GetMapping("/console/audit")
    String search(Authentication auditor, Model model, HttpServletResponse response) {
        return search(AuditSearchForm.lastDay(Instant.now()), auditor, model, response);
    }

    @PostMapping("/console/audit")
    String search(AuditSearchForm form, Authentication auditor, Model model, HttpServletResponse response) {
        model.addAttribute("form", form);
        model.addAttribute("eventTypes", MessageEvent.values());
        try {
            AuditReads.Page page = reads.search(principal(auditor), form.filters(), AuditTrail.Via.CONSOLE);
            model.addAttribute("page", page);
            model.addAttribute("carried", form.fields());
        } catch (RefusedRequestException refused) {
            refuse(refused, model, response);
        }
        return SEARCH;
    }

    @GetMapping("/console/audit/disclosures")
    String disclosures() {
        return DISCLOSURES;
    }

    @PostMapping("/console/audit/disclosures")
    String disclosures(@RequestParam(required = false) String person, Authentication auditor, Model model,
            HttpServletResponse response) {
        try {
            model.addAttribute("report", reads.disclosures(principal(auditor), person, true, AuditTrail.Via.CONSOLE));
        } catch (RefusedRequestException refused) {
            refuse(refused, model, response);
        }
        return DISCLOSURES;
    }

    /** What the hub keeps of a message: first the purpose and the reason, which the view's audit event records. */
    @GetMapping("/console/audit/messages/{id}/{kept:body|failures}")
    String askWhy(@PathVariable UUID id, @PathVariable String kept, Model model) {
        viewing(id, kept, model);
        return VIEW;
    }

    /**
     * The body, or every failed delivery's whole answer, opened with a purpose and a reason; without them nothing is
     * read and nothing recorded. Like every console page it is sent Cache-Control: no-store (ConsoleSecurity).
     */
    @PostMapping("/console/audit/messages/{id}/{kept:body|failures}")
    String view(@PathVariable UUID id, @PathVariable String kept, @RequestParam(required = false) String purpose,
            @RequestParam(required = false) String reason, Authentication auditor, Model model, HttpServletResponse response) {
        viewing(id, kept, model);
        model.addAttribute("purpose", purpose);
        model.addAttribute("reason", reason);
        try {
            ViewReason why = ViewReason.of(purpose, reason);
            model.addAttribute("why", why);
            if (kept.equals("body")) {
                Optional<String> body = reads.body(principal(auditor), id, why, AuditTrail.Via.CONSOLE);
                body.ifPresentOrElse(text -> model.addAttribute("body", text), () -> response.setStatus(HttpStatus.NOT_FOUND.value()));
            } else {
                model.addAttribute("failures", reads.failures(principal(auditor), id, why, AuditTrail.Via.CONSOLE));
            }
        } catch (RefusedRequestException refused) {
            refuse(refused, model, response);
        }
        return VIEW;
    }

    /** A message id in the address that is not one (typed by hand): said on a console page, as the API would say it. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String notAMessageId(Model model, HttpServletResponse response) {
        refuse(RefusedRequestException.invalid("messageId", "uuid", "is not a hub message id"), model, response);
        return "console/not-a-message";
    }

    private static void viewing(UUID id, String kept, Model model) {
        model.addAttribute("messageId", id);
        model.addAttribute("kept", kept);
        model.addAttribute("purposes", ViewReason.Purpose.values());
    }

    /** The refusal on the page: the field and the rule the request broke, with the status the API would answer. */
    private static void refuse(RefusedRequestException refused, Model model, HttpServletResponse response) {
        model.addAttribute("error", refused);
        response.setStatus(refused.status().value());
    }

    /** The signed-in person as the audit services know an auditor. */
    private static KetjuPrincipal principal(Authentication auditor) {
        return new KetjuPrincipal(auditor.getName(), KetjuPrincipal.Role.AUDITOR, null);
    }
}
