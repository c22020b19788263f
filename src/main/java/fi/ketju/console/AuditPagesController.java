package fi.ketju.console;

import fi.ketju.audit.AuditTrail;
import fi.ketju.audit.TrailVerification;
import fi.ketju.security.KetjuPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The auditors' pages (/console/audit/**, the auditor role only). Each read goes through the audit package's own
 * service, which records it as the API's read is recorded, marked via: console.
 */
@Controller
class AuditPagesController {

    private final TrailVerification verification;

    AuditPagesController(TrailVerification verification) {
        this.verification = verification;
    }

    @GetMapping("/console/audit/verify")
    String verify(Authentication auditor, Model model) {
        KetjuPrincipal principal = new KetjuPrincipal(auditor.getName(), KetjuPrincipal.Role.AUDITOR, null);
        model.addAttribute("verification", verification.verify(principal, AuditTrail.Via.CONSOLE));
        return "console/verify";
    }
}
