package fi.ketju.admin;

import fi.ketju.web.RefusedRequestException;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admins' route pages (/console/routes), through RouteAdministration as the admin API, so with the same checks
 * and audit events: what is in force, the history with each version's diff, edit → validate (the diff against the
 * version in force) → deploy with a reason of exactly the content that passed validation → rollback, suspend, resume.
 */
@Controller
class RoutePages extends AdminPages {

    private final RouteAdministration routes;

    RoutePages(RouteAdministration routes) {
        this.routes = routes;
    }

    @GetMapping("/console/routes")
    String list(Model model) {
        model.addAttribute("routes", routes.list());
        return "console/routes";
    }

    @GetMapping("/console/routes/{id}")
    String route(@PathVariable String id, Model model) {
        RouteAdministration.RouteInForce route = routes.describe(id);
        List<ConfigVersions.Version> versions = routes.history(id);
        model.addAttribute("route", route);
        model.addAttribute("history", HistoryEntry.of(file(id), versions));
        model.addAttribute("fileContent", versions.stream().filter(version -> version.version() == route.version())
                .findFirst().map(ConfigVersions.Version::content).orElse(""));
        return "console/route";
    }

    /** What rolling back to an earlier version would change: the version in force against it. */
    @GetMapping("/console/routes/{id}/compare")
    String compare(@PathVariable String id, @RequestParam int version, Model model) {
        RouteAdministration.RouteInForce route = routes.describe(id);
        compared(model, "route " + id, file(id), route.version(), version, routes.history(id));
        model.addAttribute("back", "/console/routes/" + id);
        return "console/compare";
    }

    @PostMapping("/console/routes/{id}/validate")
    String validate(@PathVariable String id, @RequestParam(required = false) String content, Authentication signedIn,
            HttpSession session, Model model) {
        String typed = typed(content);
        RouteAdministration.Preview preview = routes.validate(typed, admin(signedIn));
        if (!preview.id().equals(id)) {
            throw RefusedRequestException.invalid("id", "file-name", "this is the page of route " + id + ", the file names "
                    + preview.id() + ": a route's id is its file name");
        }
        if (preview.valid()) {
            rememberValidated(session, file(id), preview.checksum());
        }
        model.addAttribute("id", id);
        model.addAttribute("preview", preview);
        model.addAttribute("fileContent", typed);
        return "console/route-validation";
    }

    @PostMapping("/console/routes/{id}/deploy")
    String deploy(@PathVariable String id, @RequestParam(required = false) String content,
            @RequestParam(required = false) String checksum, @RequestParam int versionInForce,
            @RequestParam(required = false) String reason, Authentication signedIn, HttpSession session,
            RedirectAttributes redirect) {
        String typed = typed(content);
        String why = reason(reason, "A deploy");
        checkValidated(session, file(id), typed, checksum, versionInForce, routes.describe(id).version());
        RouteAdministration.RouteInForce deployed = routes.deploy(id, typed, why, admin(signedIn));
        redirect.addFlashAttribute("notice", "Version " + deployed.version() + " of route " + id + " is in force.");
        return "redirect:/console/routes/" + id;
    }

    @PostMapping("/console/routes/{id}/rollback")
    String rollback(@PathVariable String id, @RequestParam int version, @RequestParam(required = false) String reason,
            Authentication signedIn, RedirectAttributes redirect) {
        RouteAdministration.RouteInForce deployed = routes.rollback(id, version, reason(reason, "A rollback"), admin(signedIn));
        redirect.addFlashAttribute("notice", "Version " + version + " of route " + id + " is in force again, as version "
                + deployed.version() + ".");
        return "redirect:/console/routes/" + id;
    }

    @PostMapping("/console/routes/{id}/suspend")
    String suspend(@PathVariable String id, @RequestParam(required = false) String reason, Authentication signedIn,
            RedirectAttributes redirect) {
        routes.suspend(id, true, reason(reason, "A suspension"), admin(signedIn));
        redirect.addFlashAttribute("notice", "Route " + id + " is suspended: its messages wait on its queue.");
        return "redirect:/console/routes/" + id;
    }

    @PostMapping("/console/routes/{id}/resume")
    String resume(@PathVariable String id, @RequestParam(required = false) String reason, Authentication signedIn,
            RedirectAttributes redirect) {
        routes.suspend(id, false, reason(reason, "A resumption"), admin(signedIn));
        redirect.addFlashAttribute("notice", "Route " + id + " is running again.");
        return "redirect:/console/routes/" + id;
    }

    private static String file(String id) {
        return id + AdminSettings.ROUTE_SUFFIX;
    }
}
