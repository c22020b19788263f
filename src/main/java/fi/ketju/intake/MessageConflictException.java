package fi.ketju.intake;

import fi.ketju.mapping.SchemaViolation;
import java.net.URI;
import java.util.UUID;

/**
 * The sender reused the id of a message it sent earlier (its own message id, or an Idempotency-Key header) for a
 * message that says something else: not a resend, so neither answered as one nor accepted (issue 14). Nothing of it is
 * stored or sent. Each door answers it in its own form (409, or a SOAP Client fault at the X-Road door), naming only
 * ids, the field and the rule, never the message's content.
 */
public class MessageConflictException extends RuntimeException {

    /** The rule broken, as every door names it. */
    public static final String RULE = "conflict";

    private final UUID existingMessageId;
    private final String field;

    /** {@code field}: the reused id in the partner's own terms (a JSON Pointer, a FHIR element, a header name). */
    public MessageConflictException(UUID existingMessageId, String field) {
        super(field + " already names hub message " + existingMessageId);
        this.existingMessageId = existingMessageId;
        this.field = field;
    }

    /** The hub message the id already belongs to. */
    public UUID existingMessageId() {
        return existingMessageId;
    }

    /** Where the sender can see that message: GET /api/v1/messages/{id}. */
    public URI existingMessage() {
        return AcceptedMessage.of(existingMessageId, true).status();
    }

    public String field() {
        return field;
    }

    /** The broken rule as the doors list it: ids, the field and the rule only. */
    public SchemaViolation violation() {
        return new SchemaViolation(field, RULE, "already used for hub message " + existingMessageId
                + ", which says something else; a resend must carry the same message, a new message needs a new id");
    }
}
