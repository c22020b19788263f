package fi.ketju.admin;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The admins' mapping pages (/console/mappings), through MappingAdministration as the admin API: what is in force,
 * the history with each version's diff, edit → validate (the dry run over the repository's samples: per recipient
 * the output and the fields the disclosure policy withheld) → deploy with a reason of exactly the content that
 * passed validation → rollback. A mapping's id is its path under mappings/, so it travels as a parameter.
 */
@Controller
class MappingPages extends AdminPages {

    private final MappingAdministration mappings;

    MappingPages(MappingAdministration mappings) {
        this.mappings = mappings;
    }

    @GetMapping("/console/mappings")
    String list(Model model) {
        model.addAttribute("mappings", mappings.list());
        return "console/mappings";
    }

    @GetMapping("/console/mappings/mapping")
    String mapping(@RequestParam String id, Model model) {
        MappingAdministration.MappingInForce mapping = mappings.describe(id);
        List<ConfigVersions.Version> versions = mappings.history(id);
        model.addAttribute("mapping", mapping);
        model.addAttribute("deployableLive", MappingPreview.deployableLive(id));
        model.addAttribute("history", HistoryEntry.of(id, versions));
        model.addAttribute("fileContent", versions.stream().filter(version -> version.version() == mapping.version())
                .findFirst().map(ConfigVersions.Version::content).orElse(""));
        return "console/mapping";
    }

    /** What rolling back to an earlier version would change: the version in force against it. */
    @GetMapping("/console/mappings/compare")
    String compare(@RequestParam String id, @RequestParam int version, Model model) {
        MappingAdministration.MappingInForce mapping = mappings.describe(id);
        compared(model, "mapping " + id, id, mapping.version(), version, mappings.history(id));
        model.addAttribute("back", UriComponentsBuilder.fromPath("/console/mappings/mapping").queryParam("id", id).encode().build()
                .toUriString());
        return "console/compare";
    }

    @PostMapping("/console/mappings/validate")
    String validate(@RequestParam String id, @RequestParam(required = false) String content, Authentication signedIn,
            HttpSession session, Model model) {
        String typed = typed(content);
        MappingAdministration.Preview preview = mappings.validate(id, typed, admin(signedIn));
        if (preview.valid()) {
            rememberValidated(session, id, preview.checksum());
        }
        model.addAttribute("preview", preview);
        model.addAttribute("deployableLive", MappingPreview.deployableLive(id));
        model.addAttribute("fileContent", typed);
        return "console/mapping-validation";
    }

    @PostMapping("/console/mappings/deploy")
    String deploy(@RequestParam String id, @RequestParam(required = false) String content,
            @RequestParam(required = false) String checksum, @RequestParam int versionInForce,
            @RequestParam(required = false) String reason, Authentication signedIn, HttpSession session,
            RedirectAttributes redirect) {
        String typed = typed(content);
        String why = reason(reason, "A deploy");
        checkValidated(session, id, typed, checksum, versionInForce, mappings.describe(id).version());
        MappingAdministration.MappingInForce deployed = mappings.deploy(id, typed, why, admin(signedIn));
        redirect.addFlashAttribute("notice", "Version " + deployed.version() + " of " + id + " is in force.");
        return redirectTo(id);
    }

    @PostMapping("/console/mappings/rollback")
    String rollback(@RequestParam String id, @RequestParam int version, @RequestParam(required = false) String reason,
            Authentication signedIn, RedirectAttributes redirect) {
        MappingAdministration.MappingInForce deployed = mappings.rollback(id, version, reason(reason, "A rollback"), admin(signedIn));
        redirect.addFlashAttribute("notice", "Version " + version + " of " + id + " is in force again, as version "
                + deployed.version() + ".");
        return redirectTo(id);
    }

    private static String redirectTo(String id) {
        return "redirect:" + UriComponentsBuilder.fromPath("/console/mappings/mapping").queryParam("id", id).encode().build().toUriString();
    }
}
