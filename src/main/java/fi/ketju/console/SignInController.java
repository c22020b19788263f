package fi.ketju.console;

import java.util.ArrayList;
import java.util.List;
import fi.ketju.security.ConsoleUsers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The sign-in page (the form posts to Spring Security's form login; an OpenID Connect registration, when configured,
 * is a link) and the 403 page, which says no more than that the page is not for this role.
 */
@Controller
class SignInController {

    static final String SIGN_IN = "/console/login";

    private final List<ClientRegistration> providers = new ArrayList<>();
    private final boolean form;

    SignInController(ObjectProvider<InMemoryClientRegistrationRepository> registrations, ConsoleUsers users) {
        registrations.ifAvailable(repository -> repository.forEach(providers::add));
        this.form = !users.users().isEmpty();
    }

    @GetMapping(SIGN_IN)
    String login(Model model) {
        model.addAttribute("providers", providers);
        model.addAttribute("form", form);
        return "console/login";
    }

    /**
     * Where an OpenID Connect sign-in ends (forwarded to): a page that sends the browser on to its role's first page,
     * as a navigation from the console itself, so that the browser sends the SameSite=Strict session cookie.
     */
    @GetMapping("/console/signed-in")
    String signedIn() {
        return "console/signed-in";
    }

    /** Forwarded to from any refused request, a POST without its CSRF token too: every method. */
    @RequestMapping("/console/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "console/denied";
    }
}
