package fi.ketju.intake;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.security.KetjuPrincipal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The door pipeline for partner families that speak JSON: parse, check against the family's schema,
 * translate to canonical with the family's mapping, then the shared {@link CanonicalIntake}. Any failure
 * refuses the whole message before anything is stored.
 */
@Component
class JsonIntake implements InboundTranslation {

    private final DoorJson json;
    private final JsonSchemas schemas;
    private final MappingsInForce mappings;
    private final TranslationTable translations;
    private final CanonicalIntake canonicalIntake;

    JsonIntake(DoorJson json, JsonSchemas schemas, MappingsInForce mappings,
            TranslationTable translations, CanonicalIntake canonicalIntake) {
        this.json = json;
        this.schemas = schemas;
        this.mappings = mappings;
        this.translations = translations;
        this.canonicalIntake = canonicalIntake;
    }

    AcceptedMessage receive(String family, KetjuPrincipal principal, String contentType, String idempotencyKey, byte[] body) {
        if (principal == null || !principal.isPartner(family)) {
            throw new AccessDeniedException("only the " + family + " partner may use this door");
        }
        checkContentType(contentType);
        return canonicalIntake.accept(family, toCanonical(mappings.current(), family, "body", body),
                translations.inboundSenderField(family), translations.inboundMessageIdField(family), idempotencyKey);
    }

    @Override
    public Set<String> families() {
        return Set.of("social-care", "employment");
    }

    @Override
    public JsonNode toCanonical(MappingSet mappings, String family, String fileName, byte[] body) {
        try {
            return translate(mappings, family, body);
        } catch (InvalidMessageException e) {
            throw e.withoutEchoesOf(body);
        }
    }

    private JsonNode translate(MappingSet mappings, String family, byte[] body) {
        JsonNode message = parse(body);
        List<SchemaViolation> violations = schemas.validate(translations.inboundSchema(family), message);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        String type = message.at(translations.inboundTypeField(family)).asText();
        String mapping = translations.inbound(family, type).orElseThrow(() -> new InvalidMessageException(
                translations.inboundTypeField(family), "message-type", family + " may not send " + type));
        try {
            return mappings.jslt(mapping, message, CanonicalIntake.mappingVariables());
        } catch (MappingException e) {
            throw InvalidMessageException.unreadable("/", e, body);
        }
    }

    /** JSON in UTF-8 (RFC 8259), nothing else: a door checks its own media type so it can refuse in its own format. */
    private static void checkContentType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        boolean json = type != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
        if (!json) {
            throw new UnsupportedContentTypeException(contentType, MediaType.APPLICATION_JSON_VALUE);
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidMessageException("/", "json-syntax", "the body is empty");
        }
        // Parsed from checked text: JSON is UTF-8 (RFC 8259), not whatever encoding the parser would detect.
        String text = StrictUtf8.decode(body).orElseThrow(() -> new InvalidMessageException("/", "utf-8",
                "the body is not well-formed UTF-8"));
        JsonNode node = json.read(text);
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException("/", "type", "the body must be a JSON object");
        }
        return node;
    }
}
