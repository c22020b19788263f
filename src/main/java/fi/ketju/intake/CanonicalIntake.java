package fi.ketju.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.audit.Subjects;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import fi.ketju.message.MessageIds;
import fi.ketju.message.MessageLedger;
import fi.ketju.message.ServiceChain;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The part of every door that is the same whatever the partner speaks: the canonical message (made by
 * the door's inbound mapping) is checked, a resend is recognised, and the message is made durable.
 * Each door renders the outcome in its own family's native form.
 */
@Component
public class CanonicalIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CanonicalIntake.class);
    private static final String CANONICAL_SCHEMA = "canonical/message.schema.json";
    /** The request header by which a sender may name a resend (issue 4), at every door. */
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    private static final String UNNAMED_CHAIN = "unnamed:";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final JsonSchemas schemas;
    private final PartnerDirectory partners;
    private final MessageLedger ledger;
    private final DurableIntake durable;
    private final ServiceChain serviceChain;
    private final Subjects subjects;

    CanonicalIntake(JsonSchemas schemas, PartnerDirectory partners, MessageLedger ledger, DurableIntake durable,
            ServiceChain serviceChain, Subjects subjects) {
        this.schemas = schemas;
        this.partners = partners;
        this.ledger = ledger;
        this.durable = durable;
        this.serviceChain = serviceChain;
        this.subjects = subjects;
    }

    /**
     * Accepts a canonical message from {@code family}'s door. {@code senderField} and {@code messageIdField} name, in
     * the partner's own terms, the fields that carry the sending organisation's business ID (for the error if it is
     * not enrolled) and the sender's own message id (for the error if it is reused). A resend is recognised by the
     * sender's Idempotency-Key request header where it gives one ({@code idempotencyKey}, else null), otherwise by the
     * sender message id inside the message: when it says the same as the message first sent under it (ContentDigest),
     * it gets the original hub message id back and nothing is sent again.
     *
     * @throws InvalidMessageException  if the sender is not enrolled for the family, or the key is malformed
     * @throws MessageConflictException if the key or the sender message id was used before for a message that says
     *                                  something else; nothing is stored
     * @throws IntakeUnavailableException if the broker or the database could not take it just now
     */
    public AcceptedMessage accept(String family, JsonNode mapped, String senderField, String messageIdField, String idempotencyKey) {
        try {
            return acceptNow(family, mapped, senderField, messageIdField, idempotencyKey);
        } catch (RuntimeException failure) {
            IntakeUnavailableException unavailable = IntakeUnavailableException.of(failure).orElseThrow(() -> failure);
            // The failure's class only: a driver's or broker's text may quote what was being stored.
            LOG.warn("A {} message was not taken: the {} is unavailable ({})", family, unavailable.part(),
                    NestedExceptionUtils.getMostSpecificCause(failure).getClass().getName());
            throw unavailable;
        }
    }

    private AcceptedMessage acceptNow(String family, JsonNode mapped, String senderField, String messageIdField, String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidMessageException("Idempotency-Key", "idempotency-key", "must be 1-200 visible ASCII characters");
        }
        ObjectNode canonical = (ObjectNode) mapped;
        Subjects.Subject subject = subjects.of(canonical.path("subject"));
        boolean hubNamedChain = canonical.path("chainId").asText().startsWith(UNNAMED_CHAIN);
        // Before the hub's chain replaces the placeholder: which chain that is may change between sendings.
        String digest = ContentDigest.of(canonical, hubNamedChain);
        if (hubNamedChain) {
            canonical.put("chainId", serviceChain.continuedBy(canonical, subject.key()).orElse(MessageIds.next().toString()));
        }
        List<SchemaViolation> violations = schemas.validate(CANONICAL_SCHEMA, canonical);
        if (!violations.isEmpty()) {
            // The partner's message passed its own schema, so this is the mapping's fault, not the partner's.
            // Fields and rules only: this fault of the hub is logged, and the validator's words may quote values.
            throw new IllegalStateException("inbound mapping for " + family + " produced an invalid canonical message: "
                    + violations.stream().map(v -> v.field() + " (" + v.rule() + ")").toList());
        }
        String businessId = canonical.path("sender").path("organisation").path("businessId").asText();
        if (!partners.get(family).organisations().contains(businessId)) {
            throw new InvalidMessageException(senderField, "known-sender",
                    "organisation " + businessId + " is not enrolled to send through the " + family + " partner");
        }
        Envelope envelope = Envelope.of(canonical);
        // A resend is told by a lookup on the unique keys' indexes, not by a refused insert: that would cost an error
        // in the database's log and a rolled-back transaction for each resend.
        Optional<AcceptedMessage> resent = resent(family, idempotencyKey, envelope.senderMessageId(), messageIdField, digest);
        if (resent.isPresent()) {
            return resent.get();
        }
        try {
            // Ids only: whatever logs while the message is made durable, and the line that says it is, names it.
            MessageContext.within(envelope.messageId(), envelope.chainId(), () -> {
                durable.enqueue(canonical, subject, idempotencyKey, digest, Instant.parse(canonical.path("receivedAt").asText()));
                LOG.info("Accepted {} from {}", envelope.type(), family);
            });
        } catch (DuplicateKeyException sentAtOnce) {
            // Two posts under one id at once: the other recorded it between this one's lookup and insert (the
            // unique keys hold). Nothing was queued.
            return resent(family, idempotencyKey, envelope.senderMessageId(), messageIdField, digest).orElseThrow();
        }
        return AcceptedMessage.of(envelope.messageId(), false);
    }

    /**
     * A message whose key or sender message id is on record: the same message is answered with the id it was accepted
     * under; another one is a conflict, named by the id reused (the key first, as it is what recognises a resend).
     */
    private Optional<AcceptedMessage> resent(String family, String idempotencyKey, String senderMessageId, String messageIdField,
            String digest) {
        Optional<MessageLedger.Recorded> byKey = idempotencyKey == null ? Optional.empty()
                : ledger.findByIdempotencyKey(family, idempotencyKey);
        Optional<MessageLedger.Recorded> earlier = byKey.or(() -> ledger.findBySenderMessageId(family, senderMessageId));
        if (earlier.isPresent() && !earlier.get().says(digest)) {
            throw new MessageConflictException(earlier.get().id(), byKey.isPresent() ? IDEMPOTENCY_KEY_HEADER : messageIdField);
        }
        return earlier.map(recorded -> AcceptedMessage.of(recorded.id(), true));
    }

    /**
     * The variables every inbound mapping gets: the new hub message id, the time, and the chain id to use when
     * the sender names none ($newChainId): a placeholder that {@link #accept} resolves to the chain the
     * message continues (ServiceChain) or a new one.
     */
    public static Map<String, JsonNode> mappingVariables() {
        return Map.of(
                "messageId", TextNode.valueOf(MessageIds.next().toString()),
                "receivedAt", TextNode.valueOf(Instant.now().toString()),
                "newChainId", TextNode.valueOf(UNNAMED_CHAIN + MessageIds.next()));
    }
}
