package fi.ketju.admin;

import fi.ketju.security.KetjuPrincipal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admins' door to the dead-letter queues (the admin role only, see SecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterController {

    private final DeadLetterAdministration administration;

    DeadLetterController(DeadLetterAdministration administration) {
        this.administration = administration;
    }

    record Reason(String reason) {
    }

    record Replayed(List<UUID> replayed) {
    }

    @GetMapping
    List<DeadLetterDetails> list(@RequestParam(required = false) String recipient) {
        return administration.list(recipient);
    }

    @GetMapping("/{recipient}/{messageId}")
    DeadLetterDetails get(@PathVariable String recipient, @PathVariable UUID messageId) {
        return administration.get(recipient, messageId);
    }

    @PostMapping("/{recipient}/{messageId}/replay")
    ResponseEntity<Void> replay(@PathVariable String recipient, @PathVariable UUID messageId,
            @RequestBody(required = false) Reason body, @AuthenticationPrincipal KetjuPrincipal admin) {
        administration.replay(recipient, messageId, admin, body == null ? null : body.reason());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{recipient}/replay")
    Replayed replayMatching(@PathVariable String recipient, @RequestBody(required = false) ReplayFilter filter,
            @AuthenticationPrincipal KetjuPrincipal admin) {
        return new Replayed(administration.replayMatching(recipient, filter == null ? ReplayFilter.EVERYTHING : filter, admin));
    }

    @PostMapping("/{recipient}/{messageId}/discard")
    ResponseEntity<Void> discard(@PathVariable String recipient, @PathVariable UUID messageId,
            @RequestBody(required = false) Reason body, @AuthenticationPrincipal KetjuPrincipal admin) {
        administration.discard(recipient, messageId, admin, body == null ? null : body.reason());
        return ResponseEntity.noContent().build();
    }
}
