package fi.ketju.admin;

import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the admin console's pages share (the console's pages that act through this package's services, as the admin
 * API does): the signed-in person as the services know an admin, and a refusal shown as a page in the console rather
 * than the API's problem+json (AdminProblems), with the same status and words.
 */
abstract class AdminPages {

    private static final String VALIDATED = AdminPages.class.getName() + ".validated";

    static KetjuPrincipal admin(Authentication signedIn) {
        return new KetjuPrincipal(signedIn.getName(), KetjuPrincipal.Role.ADMIN, null);
    }

    /** A required reason, refused before anything is done when it is missing. */
    static String reason(String reason, String action) {
        if (reason == null || reason.isBlank()) {
            throw RefusedRequestException.invalid("reason", "required", action + " must say why: give a reason");
        }
        return reason.strip();
    }

    /**
     * Remembers, in the admin's session, the content of a route or mapping that passed validation; a deploy from the
     * console then puts in force only that (checkValidated).
     */
    static void rememberValidated(HttpSession session, String file, String checksum) {
        Map<String, String> validated = new HashMap<>(validated(session));
        validated.put(file, checksum);
        // Set again, not changed in place: the session is stored in the database (Spring Session JDBC).
        session.setAttribute(VALIDATED, validated);
    }

    /**
     * Refuses to deploy a content other than the one this session last validated, valid, for the file: the text
     * posted with the deploy must be what its checksum (from the validation page) says, and that checksum the one
     * validated; and the version in force must still be the one it was validated against.
     */
    static void checkValidated(HttpSession session, String file, String content, String checksum, int validatedAgainst,
            int versionInForce) {
        if (checksum == null || !checksum.equals(ConfigVersions.checksum(content))
                || !checksum.equals(validated(session).get(file))) {
            throw RefusedRequestException.conflict("content", "validated", file + ": only the exact content that passed"
                    + " validation can be deployed, and this is not it. Validate it first.");
        }
        if (validatedAgainst != versionInForce) {
            throw RefusedRequestException.conflict("version", "in-force-changed", file + ": version " + versionInForce
                    + " was put in force since this content was validated against version " + validatedAgainst
                    + ". Validate it again.");
        }
    }

    /** A file's text as the admin typed it: browsers send a textarea's line breaks as CRLF, the files have LF. */
    static String typed(String content) {
        return content == null ? "" : content.replace("\r\n", "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> validated(HttpSession session) {
        return session.getAttribute(VALIDATED) instanceof Map<?, ?> validated ? (Map<String, String>) validated : Map.of();
    }

    /** The diff of a route's or mapping's version in force against another of its versions, for the compare page. */
    static void compared(Model model, String what, String file, int inForce, int version, List<ConfigVersions.Version> history) {
        String inForceContent = content(history, inForce, what);
        String otherContent = content(history, version, what);
        model.addAttribute("what", what);
        model.addAttribute("inForce", inForce);
        model.addAttribute("version", version);
        model.addAttribute("diff", TextDiff.unified(file, inForceContent, otherContent));
    }

    private static String content(List<ConfigVersions.Version> history, int version, String what) {
        return history.stream().filter(each -> each.version() == version).findFirst().map(ConfigVersions.Version::content)
                .orElseThrow(() -> RefusedRequestException.notFound("version", "exists", what + " has no version " + version));
    }

    @ExceptionHandler
    ModelAndView refused(RefusedRequestException e) {
        return new ModelAndView("console/refused", Map.of("refusal", e.getMessage()), e.status());
    }

    /** A form field missing or not of its kind (a version that is no number): told as a page, not as the API's problem. */
    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView malformed(Exception e) {
        String field = e instanceof MissingServletRequestParameterException missing ? missing.getParameterName()
                : ((MethodArgumentTypeMismatchException) e).getName();
        return new ModelAndView("console/refused", Map.of("refusal", field + ": missing or not of the right kind"),
                HttpStatus.BAD_REQUEST);
    }
}
