package fi.ketju.console;

import fi.ketju.admin.AdminOverview;
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

    @GetMapping("/console/")
    String overview(Model model) {
        figures(model);
        model.addAttribute("refreshSeconds", settings.refresh().toSeconds());
        return "console/overview";
    }

    @GetMapping("/console/overview/figures")
    String figures(Model model) {
        model.addAttribute("refreshSeconds", settings.refresh().toSeconds());
        model.addAttribute("partners", partners.all());
        model.addAttribute("routesFailing", admin.routesFailing());
        model.addAttribute("deploys", admin.recentDeploys(settings.recentDeploys()));
        return "console/overview :: figures";
    }
}
