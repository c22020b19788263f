package fi.ketju.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** The routing-relevant part of a canonical message (mappings/canonical/message.schema.json). */
public record Envelope(UUID messageId, String senderMessageId, String chainId, String type, String sender) {

    public static Envelope of(JsonNode canonical) {
        return new Envelope(
                UUID.fromString(canonical.path("messageId").asText()),
                canonical.path("senderMessageId").asText(),
                canonical.path("chainId").asText(),
                canonical.path("type").asText(),
                canonical.path("sender").path("partner").asText());
    }
}
