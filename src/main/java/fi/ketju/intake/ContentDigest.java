package fi.ketju.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a message says, as a SHA-256 digest (hex) of its canonical form: a resend under a used sender message id or
 * Idempotency-Key is the same message only when this is the same (issue 14). The fields the hub fills in are left
 * out (messageId, receivedAt, and the chainId when the hub made it up rather than the sender naming it), so are the
 * differences a sender's own format may have between two sendings of one message that its inbound mapping does not
 * carry over (FHIR meta.lastUpdated, the X-Road userId). The JSON is written with its keys sorted and each number in
 * one form (1.0 and 1 alike), so that neither key order nor number notation can make two sendings differ.
 */
final class ContentDigest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> HUB_FIELDS = Set.of("messageId", "receivedAt");
    private static final Set<String> HUB_FIELDS_AND_CHAIN = Set.of("messageId", "receivedAt", "chainId");

    private ContentDigest() {
    }

    /** {@code hubNamedChain}: the chainId is the hub's placeholder (CanonicalIntake.mappingVariables), not the sender's. */
    static String of(ObjectNode canonical, boolean hubNamedChain) {
        MessageDigest sha256 = sha256();
        try (JsonGenerator out = JSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            // The hub's fields are left out as the message is written, not from a copy of it.
            write(out, canonical, hubNamedChain ? HUB_FIELDS_AND_CHAIN : HUB_FIELDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        write(out, node, Set.of());
    }

    /** {@code leftOut}: the names of this object's own fields not written. */
    private static void write(JsonGenerator out, JsonNode node, Set<String> leftOut) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            names.removeAll(leftOut);
            for (String name : names) {
                out.writeFieldName(name);
                write(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (node.isNumber()) {
            out.writeNumber(node.decimalValue().stripTrailingZeros());
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            out.writeNull();
        } else {
            out.writeString(node.asText());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
