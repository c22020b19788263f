package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** mappings/translations.yaml: which mapping file makes each inbound and outbound translation. */
@Component
public class TranslationTable {

    private final JsonNode table;

    TranslationTable(MappingSettings settings) {
        this.table = settings.readYaml("translations.yaml");
    }

    /** The JSON Schema a partner family's own messages must meet. */
    public String inboundSchema(String family) {
        return entry("inbound", family, "schema")
                .orElseThrow(() -> new MappingException("no inbound schema for " + family + " in translations.yaml"));
    }

    /** JSON Pointer to the field of a partner family's message that names its message type. */
    public String inboundTypeField(String family) {
        return entry("inbound", family, "type-field")
                .orElseThrow(() -> new MappingException("no type-field for " + family + " in translations.yaml"));
    }

    /** JSON Pointer to the field of a partner family's message that names the sending organisation's business ID. */
    public String inboundSenderField(String family) {
        return entry("inbound", family, "sender-field")
                .orElseThrow(() -> new MappingException("no sender-field for " + family + " in translations.yaml"));
    }

    /** JSON Pointer to the field of a partner family's message that carries the sender's own message id. */
    public String inboundMessageIdField(String family) {
        return entry("inbound", family, "message-id-field")
                .orElseThrow(() -> new MappingException("no message-id-field for " + family + " in translations.yaml"));
    }

    /** The mapping from a partner family's format to canonical for one message type, if that family may send it. */
    public Optional<String> inbound(String family, String messageType) {
        return entry("inbound", family, messageType);
    }

    /** The mapping from canonical to a recipient format for one message type (or a named step such as transaction). */
    public Optional<String> outbound(String format, String messageType) {
        return entry("outbound", format, messageType);
    }

    /** Every mapping the table names, inbound and outbound (paths relative to mappings/). */
    public Set<String> mappings() {
        Set<String> mappings = new TreeSet<>();
        for (JsonNode families : List.of(table.path("inbound"), table.path("outbound"))) {
            families.forEach(family -> family.forEach(entry -> {
                if (entry.isTextual() && (entry.asText().endsWith(".jslt") || entry.asText().endsWith(".xsl"))) {
                    mappings.add(entry.asText());
                }
            }));
        }
        return mappings;
    }

    private Optional<String> entry(String direction, String family, String key) {
        JsonNode value = table.path(direction).path(family).path(key);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
