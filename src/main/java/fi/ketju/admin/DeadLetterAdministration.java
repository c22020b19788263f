package fi.ketju.admin;

import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.message.MessageLedger;
import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.RefusedRequestException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What an admin can do with dead-lettered messages: look at them, replay them once the recipient is
 * fixed, or discard them. Each action is logged in the message's log with the admin's name.
 */
@Service
class DeadLetterAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAdministration.class);

    private final DeadLetterQueues deadLetters;
    private final MessageLedger ledger;
    private final PartnerDirectory partners;

    DeadLetterAdministration(DeadLetterQueues deadLetters, MessageLedger ledger, PartnerDirectory partners) {
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.partners = partners;
    }

    /** The dead letters of one recipient, or of every partner in ketju.partners when recipient is null. */
    List<DeadLetterDetails> list(String recipient) {
        return list(recipient, ReplayFilter.EVERYTHING);
    }

    /** Those a filter matches: the console's list, and what a bulk replay by that filter would take, shown first. */
    List<DeadLetterDetails> list(String recipient, ReplayFilter filter) {
        List<String> recipients = recipient == null
                ? partners.partners().keySet().stream().sorted().toList()
                : List.of(knownRecipient(recipient));
        return recipients.stream()
                .flatMap(each -> deadLetters.browse(each).stream())
                .filter(filter::matches)
                .map(this::details)
                .toList();
    }

    DeadLetterDetails get(String recipient, UUID messageId) {
        return deadLetters.browse(knownRecipient(recipient), messageId).stream()
                .findFirst()
                .map(this::details)
                .orElseThrow(() -> notDeadLettered(recipient, messageId));
    }

    void replay(String recipient, UUID messageId, KetjuPrincipal admin, String reason) {
        if (!replayed(knownRecipient(recipient), messageId, admin, reason)) {
            throw notDeadLettered(recipient, messageId);
        }
    }

    /** Replays each matching dead letter in its own transaction, and answers the ids replayed. */
    List<UUID> replayMatching(String recipient, ReplayFilter filter, KetjuPrincipal admin) {
        return deadLetters.browse(knownRecipient(recipient)).stream()
                .filter(filter::matches)
                .map(DeadLetter::messageId)
                // Another admin may have taken one since it was browsed: it is simply not replayed here.
                .filter(messageId -> replayed(recipient, messageId, admin, "matching " + filter.describe()))
                .toList();
    }

    /**
     * Replays exactly these dead letters of one recipient, each in its own transaction, with the admin's reason; answers
     * the ids replayed. One that another admin took since it was shown is simply not replayed here.
     */
    List<UUID> replayEach(String recipient, List<UUID> messageIds, KetjuPrincipal admin, String reason) {
        if (reason == null || reason.isBlank()) {
            throw RefusedRequestException.invalid("/reason", "required", "a replay must say why");
        }
        String known = knownRecipient(recipient);
        return messageIds.stream().distinct().filter(messageId -> replayed(known, messageId, admin, reason)).toList();
    }

    void discard(String recipient, UUID messageId, KetjuPrincipal admin, String reason) {
        if (reason == null || reason.isBlank()) {
            throw RefusedRequestException.invalid("/reason", "required", "a discard must say why");
        }
        boolean discarded = deadLetters.discard(knownRecipient(recipient), messageId, deadLetter -> {
            ledger.recordDiscarded(messageId, recipient, admin.name(), byWhom(admin, reason));
            LOG.info("Dead letter for {} discarded by {}", recipient, admin.name());
        });
        if (!discarded) {
            throw notDeadLettered(recipient, messageId);
        }
    }

    private boolean replayed(String recipient, UUID messageId, KetjuPrincipal admin, String reason) {
        return deadLetters.replay(recipient, messageId, deadLetter -> {
            ledger.recordReplayed(messageId, recipient, admin.name(), byWhom(admin, reason));
            LOG.info("Dead letter for {} replayed by {}", recipient, admin.name());
        });
    }

    private DeadLetterDetails details(DeadLetter deadLetter) {
        return DeadLetterDetails.of(deadLetter, ledger.delivery(deadLetter.messageId(), deadLetter.recipient()));
    }

    private String knownRecipient(String recipient) {
        if (partners.find(recipient).isEmpty()) {
            throw RefusedRequestException.notFound("recipient", "known-partner", "no partner " + recipient + " in ketju.partners");
        }
        return recipient;
    }

    /** Kept in the message's log only: an admin's free text is not for log lines, which anyone operating the hub reads. */
    private static String byWhom(KetjuPrincipal admin, String reason) {
        return "by " + admin.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    private static RefusedRequestException notDeadLettered(String recipient, UUID messageId) {
        return RefusedRequestException.notFound("messageId", "dead-lettered",
                "message " + messageId + " is not in the dead-letter queue of " + recipient);
    }
}
