package fi.ketju.console;

import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.MessageSearch;
import fi.ketju.web.RefusedRequestException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admins' message pages: a search by metadata only (MessageLedger.search, always within a time window, by
 * default the last 24 hours) and a message's deliveries and event log, as the status API shows them. No body, no
 * identity code: the ledger holds neither in what these read.
 */
@Controller
class MessagePages {

    private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    private static final int PAGE_SIZE = 50;
    /** What an input of type datetime-local sends and shows: the console's times are UTC. */
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final MessageLedger ledger;
    private final PartnerDirectory partners;

    MessagePages(MessageLedger ledger, PartnerDirectory partners) {
        this.ledger = ledger;
        this.partners = partners;
    }

    /** The search form as submitted: every field optional; an empty window is the last 24 hours. */
    record SearchForm(String type, String sender, String recipient, String status, String from, String to, String messageId,
            String senderMessageId, String beforeAt, String beforeId) {

        MessageSearch search(Instant now) {
            Instant until = present(to) == null ? now : utc(to, "to");
            Instant since = present(from) == null ? until.minus(DEFAULT_WINDOW) : utc(from, "from");
            MessageSearch.Position before = present(beforeAt) == null || present(beforeId) == null ? null
                    : new MessageSearch.Position(parsed(beforeAt, "beforeAt", Instant::parse), parsed(beforeId, "beforeId", UUID::fromString));
            return new MessageSearch(present(type), present(sender), present(recipient),
                    present(status) == null ? null : parsed(status, "status", DeliveryStatus::valueOf),
                    present(messageId) == null ? null : parsed(messageId.strip(), "messageId", UUID::fromString),
                    present(senderMessageId), since, until, before, PAGE_SIZE);
        }

        private static Instant utc(String minutes, String field) {
            return parsed(minutes, field, value -> LocalDateTime.parse(value, MINUTES).toInstant(ZoneOffset.UTC));
        }

        private static <T> T parsed(String value, String field, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw RefusedRequestException.invalid(field, "format", field + " is not in the expected form");
            }
        }

        private static String present(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping("/console/messages")
    String search(SearchForm form, Model model, HttpServletResponse response) {
        // The form shows whole minutes and its end is exclusive: the next whole minute, so the window holds this one.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        model.addAttribute("form", form);
        model.addAttribute("partners", partners.partners().keySet().stream().sorted().toList());
        model.addAttribute("statuses", Arrays.stream(DeliveryStatus.values()).map(Enum::name).toList());
        try {
            MessageSearch search = form.search(now);
            model.addAttribute("from", MINUTES.format(search.from().atOffset(ZoneOffset.UTC)));
            model.addAttribute("to", MINUTES.format(search.to().atOffset(ZoneOffset.UTC)));
            model.addAttribute("page", ledger.search(search));
        } catch (RefusedRequestException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("from", form.from());
            model.addAttribute("to", form.to());
            model.addAttribute("refusal", e.getMessage());
        }
        return "console/messages";
    }

    @GetMapping("/console/messages/{id}")
    String message(@PathVariable UUID id, Model model, HttpServletResponse response) {
        return ledger.status(id).map(status -> {
            model.addAttribute("message", status);
            return "console/message";
        }).orElseGet(() -> {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("id", id);
            return "console/message-not-found";
        });
    }
}
