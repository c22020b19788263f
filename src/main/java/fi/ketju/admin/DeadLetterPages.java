package fi.ketju.admin;

import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.web.RefusedRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admins' dead-letter pages (/console/dead-letters), through DeadLetterAdministration as the admin API: the list
 * with each failure's summary (kind, HTTP status, codes: never a recipient's words), replay and discard of one with a
 * reason, and a bulk replay that first shows exactly which messages a filter matches and then replays exactly those
 * ids (not the filter again, which could match more by then).
 */
@Controller
class DeadLetterPages extends AdminPages {

    private final DeadLetterAdministration administration;
    private final PartnerDirectory partners;

    DeadLetterPages(DeadLetterAdministration administration, PartnerDirectory partners) {
        this.administration = administration;
        this.partners = partners;
    }

    /** The filters of the list and of a bulk replay; each optional (a bulk replay needs the recipient). */
    record Filter(String recipient, String type, String reasonContains, String deadBefore) {

        String recipientOrNull() {
            return present(recipient);
        }

        ReplayFilter replayFilter() {
            Instant before;
            try {
                before = present(deadBefore) == null ? null : LocalDateTime.parse(deadBefore).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw RefusedRequestException.invalid("deadBefore", "date-time", "must be a date and time (UTC)");
            }
            return new ReplayFilter(present(type), present(reasonContains), before);
        }

        private static String present(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping("/console/dead-letters")
    String list(Filter filter, Model model) {
        model.addAttribute("filter", filter);
        model.addAttribute("partners", partnerIds());
        model.addAttribute("deadLetters", administration.list(filter.recipientOrNull(), filter.replayFilter()));
        return "console/dead-letters";
    }

    @GetMapping("/console/dead-letters/{recipient}/{messageId}")
    String deadLetter(@PathVariable String recipient, @PathVariable UUID messageId, Model model) {
        model.addAttribute("deadLetter", administration.get(recipient, messageId));
        return "console/dead-letter";
    }

    @PostMapping("/console/dead-letters/{recipient}/{messageId}/replay")
    String replay(@PathVariable String recipient, @PathVariable UUID messageId, @RequestParam(required = false) String reason,
            Authentication signedIn, RedirectAttributes redirect) {
        administration.replay(recipient, messageId, admin(signedIn), reason(reason, "A replay"));
        redirect.addFlashAttribute("notice", "Message " + messageId + " was put back on the queue of " + recipient + ".");
        return "redirect:/console/dead-letters";
    }

    @PostMapping("/console/dead-letters/{recipient}/{messageId}/discard")
    String discard(@PathVariable String recipient, @PathVariable UUID messageId, @RequestParam(required = false) String reason,
            Authentication signedIn, RedirectAttributes redirect) {
        administration.discard(recipient, messageId, admin(signedIn), reason(reason, "A discard"));
        redirect.addFlashAttribute("notice", "Message " + messageId + " was discarded from the dead letters of " + recipient + ".");
        return "redirect:/console/dead-letters";
    }

    /** What a bulk replay by this filter would take: exactly these ids, shown before anything is replayed. */
    @GetMapping("/console/dead-letters/replay")
    String replayPreview(Filter filter, Model model) {
        if (filter.recipientOrNull() == null) {
            throw RefusedRequestException.invalid("recipient", "required", "a bulk replay is of one recipient's dead letters: choose it");
        }
        List<DeadLetterDetails> matching = administration.list(filter.recipientOrNull(), filter.replayFilter());
        model.addAttribute("filter", filter);
        model.addAttribute("recipient", filter.recipientOrNull());
        model.addAttribute("criteria", filter.replayFilter().describe());
        model.addAttribute("matching", matching);
        return "console/replay-preview";
    }

    /** Replays the ids the preview showed, and no other. */
    @PostMapping("/console/dead-letters/replay")
    String replayConfirmed(@RequestParam String recipient, @RequestParam(name = "id", required = false) List<UUID> ids,
            @RequestParam(required = false) String reason, Authentication signedIn, Model model) {
        List<UUID> shown = ids == null ? List.of() : ids;
        List<UUID> replayed = administration.replayEach(recipient, shown, admin(signedIn), reason);
        model.addAttribute("recipient", recipient);
        model.addAttribute("replayed", replayed);
        model.addAttribute("notReplayed", shown.stream().distinct().filter(id -> !replayed.contains(id)).toList());
        return "console/replay-result";
    }

    private List<String> partnerIds() {
        return partners.partners().keySet().stream().sorted().toList();
    }
}
