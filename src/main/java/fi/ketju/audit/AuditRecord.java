package fi.ketju.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An event as an auditor sees it, over the API and in the console: the data subject's identifier decrypted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(long id, Instant occurredAt, MessageEvent eventType, MessageEvent.Outcome outcome, UUID messageId,
        String chainId, String messageType, String partner, String recipient, String person, String requester,
        String requesterUser, String purpose, String legalBasis, List<String> dataCategories, String dataIds,
        String detail, String hash) {
}
