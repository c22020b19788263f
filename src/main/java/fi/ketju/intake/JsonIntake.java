package fi.ketju.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.mapping.JsltMappings;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.MessageLedger;
import fi.ketju.security.KetjuPrincipal;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The door pipeline for partner families that speak JSON: parse, check against the family's schema,
 * check the sender, translate to canonical with the family's mapping, check the canonical message,
 * and make it durable. Any failure refuses the whole message before anything is stored.
 */
@Component
class JsonIntake {

    private static final String CANONICAL_SCHEMA = "canonical/message.schema.json";

    private final ObjectMapper json;
    private final JsonSchemas schemas;
    private final JsltMappings mappings;
    private final TranslationTable translations;
    private final PartnerDirectory partners;
    private final MessageLedger ledger;
    private final DurableIntake durable;

    JsonIntake(ObjectMapper json, JsonSchemas schemas, JsltMappings mappings, TranslationTable translations,
            PartnerDirectory partners, MessageLedger ledger, DurableIntake durable) {
        this.json = json;
        this.schemas = schemas;
        this.mappings = mappings;
        this.translations = translations;
        this.partners = partners;
        this.ledger = ledger;
        this.durable = durable;
    }

    AcceptedMessage receive(String family, KetjuPrincipal principal, byte[] body) {
        if (principal == null || !principal.isPartner(family)) {
            throw new AccessDeniedException("only the " + family + " partner may use this door");
        }
        JsonNode message = parse(body);
        List<SchemaViolation> violations = schemas.validate(translations.inboundSchema(family), message);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        String type = message.at(translations.inboundTypeField(family)).asText();
        String mapping = translations.inbound(family, type).orElseThrow(() -> new InvalidMessageException(
                translations.inboundTypeField(family), "message-type", family + " may not send " + type));
        checkSender(family, message);

        JsonNode canonical = mappings.apply(mapping, message, Map.of(
                "messageId", TextNode.valueOf(UUID.randomUUID().toString()),
                "receivedAt", TextNode.valueOf(Instant.now().toString()),
                "newChainId", TextNode.valueOf(UUID.randomUUID().toString())));
        List<SchemaViolation> canonicalViolations = schemas.validate(CANONICAL_SCHEMA, canonical);
        if (!canonicalViolations.isEmpty()) {
            throw new IllegalStateException("mapping " + mapping + " produced an invalid canonical message: " + canonicalViolations);
        }

        String senderMessageId = canonical.path("senderMessageId").asText();
        Optional<UUID> earlier = ledger.findBySenderMessageId(family, senderMessageId);
        if (earlier.isPresent()) {
            return AcceptedMessage.of(earlier.get(), true);
        }
        try {
            durable.enqueue(canonical, Instant.parse(canonical.path("receivedAt").asText()));
        } catch (DuplicateKeyException raced) {
            // The same message id sent twice at once: the other request won, answer with its id.
            return AcceptedMessage.of(ledger.findBySenderMessageId(family, senderMessageId).orElseThrow(), true);
        }
        return AcceptedMessage.of(UUID.fromString(canonical.path("messageId").asText()), false);
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidMessageException("/", "json-syntax", "the body is empty");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidMessageException("/", "type", "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new InvalidMessageException("/", "json-syntax", "not valid JSON at line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidMessageException("/", "json-syntax", "the body could not be read as JSON");
        }
    }

    private void checkSender(String family, JsonNode message) {
        String field = translations.inboundSenderField(family);
        String businessId = message.at(field).asText();
        List<String> allowed = partners.get(family).organisations();
        if (!allowed.contains(businessId)) {
            throw new InvalidMessageException(field, "known-sender",
                    "organisation " + businessId + " is not enrolled to send through the " + family + " partner");
        }
    }
}
