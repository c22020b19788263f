package fi.ketju;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.mapping.MappingsInForce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Canonical messages for route tests, made from the partner samples by the real inbound mappings. */
public final class CanonicalSamples {

    private CanonicalSamples() {
    }

    /** The social-care sample referral as a canonical message with a fresh hub message id. */
    public static ObjectNode referral(MappingsInForce mappings, ObjectMapper json) {
        try {
            JsonNode sample = json.readTree(HubTestSupport.sample("social-care/samples/referral.json"));
            ((ObjectNode) sample).put("message_id", "TEST-" + UUID.randomUUID());
            return (ObjectNode) mappings.current().jslt("social-care/referral-to-canonical.jslt", sample, Map.of(
                    "messageId", TextNode.valueOf(UUID.randomUUID().toString()),
                    "receivedAt", TextNode.valueOf(Instant.now().toString()),
                    "newChainId", TextNode.valueOf(UUID.randomUUID().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
