package fi.ketju.console;

import fi.ketju.admin.AdminOverview;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The admins' overview (/console/): is every partner served. The figures are a fragment of their own, which the page
 * fetches again every ketju.console.overview.refresh (htmx), so a refresh re-renders only the figures.
 */
@Controller
class OverviewController {

    private final PartnerFigures partners;
    private final AdminOverview admin;
    private final ConsoleSettings settings;

    OverviewController(PartnerFigures partners, AdminOverview admin, ConsoleSettings settings) {
        this.partners = partners;
        this.admin = admin;
        this.settings = settings;
    }

    /** The address as people type it; the pages' links are relative to /console/. */
    @GetMapping("/console")
    String home() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String overview(Model model) {
        figures(model);
        return "console/overview";
    }

    /** The figures again, unless the person has left the page alone for the idle timeout: then htmx goes to sign-in. */
    @GetMapping(PageViews.REFRESH)
    String refresh(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (PageViews.idle(request.getSession())) {
            response.setHeader("HX-Redirect", request.getContextPath() + SignInController.SIGN_IN);
            response.setStatus(HttpStatus.NO_CONTENT.value());
            return null; // answered: the response is a parameter, so Spring renders no view
        }
        figures(model);
        return "console/overview :: figures";
    }

    private void figures(Model model) {
        model.addAttribute("refreshSeconds", settings.refresh().toSeconds());
        model.addAttribute("partners", partners.all());
        model.addAttribute("routesFailing", admin.routesFailing());
        model.addAttribute("deploys", admin.recentDeploys(settings.recentDeploys()));
    }
}
