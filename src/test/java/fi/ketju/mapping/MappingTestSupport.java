package fi.ketju.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.fhir.ValidationOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.util.diff.DiffUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the mapping tests share: the real mapping files, the social-care sample and the golden files, the referral
 * translations applied with fixed variables (so their output can be compared with a file), and the comparison.
 * Public for the mapping tests of partner families whose code lives in their own package (fi.ketju.kela).
 */
public final class MappingTestSupport {

    static final Path MAPPINGS_DIR = Path.of("mappings");
    static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");

    /** What the social-care door checks (translations.yaml inbound.social-care.schema). */
    static final String SOCIAL_CARE_SCHEMA = "social-care/message.schema.json#/$defs/inbound";
    static final String CANONICAL_SCHEMA = "canonical/message.schema.json";
    static final String CANONICAL_GOLDEN = "social-care/referral.canonical.json";
    static final String MESSAGE_BUNDLE_GOLDEN = "fhir/referral.message-bundle.json";
    static final String TRANSACTION_BUNDLE_GOLDEN = "fhir/referral.transaction-bundle.json";

    /** What the door would draw at random: fixed here so the output is the same every run. */
    static final String HUB_MESSAGE_ID = "3f1c1d2e-0000-4000-8000-000000000001";
    static final String RECEIVED_AT = "2026-11-23T07:15:01Z";
    static final String NEW_CHAIN_ID = "chain-00000000-0000-4000-8000-000000000002";
    static final String RECIPIENT = "health-care";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sorted keys: two trees print alike exactly when they are equal, whatever the key order in the files. */
    private static final ObjectMapper COMPARABLE_JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final MappingSet MAPPINGS = MappingSet.of(MAPPINGS_DIR);

    private MappingTestSupport() {
    }

    /** A fresh copy of mappings/social-care/samples/referral.json, free to change. */
    static ObjectNode sampleReferral() {
        return mappingFile("social-care/samples/referral.json");
    }

    /** A fresh copy of a JSON file under mappings/, free to change. */
    static ObjectNode mappingFile(String path) {
        return read(MAPPINGS_DIR.resolve(path));
    }

    /** A fresh copy of a file under src/test/resources/golden/, free to change. */
    static ObjectNode golden(String name) {
        return read(GOLDEN_DIR.resolve(name));
    }

    static JsonNode socialCareToCanonical(JsonNode message) {
        return toCanonical("social-care/referral-to-canonical.jslt", message);
    }

    /** An inbound mapping applied as a door applies it, with the door's variables fixed. */
    static JsonNode toCanonical(String mapping, JsonNode message) {
        return MAPPINGS.jslt(mapping, message, Map.of(
                "messageId", TextNode.valueOf(HUB_MESSAGE_ID),
                "receivedAt", TextNode.valueOf(RECEIVED_AT),
                "newChainId", TextNode.valueOf(NEW_CHAIN_ID)));
    }

    /** An outbound mapping (relative to mappings/) applied as delivery applies it for {@code recipient}. */
    static JsonNode fromCanonical(String mapping, JsonNode canonical, String recipient) {
        return MAPPINGS.jslt(mapping, canonical, Map.of("recipient", TextNode.valueOf(recipient)));
    }

    static MappingSettings mappingsSettings() {
        return new MappingSettings(MAPPINGS_DIR);
    }

    public static TranslationTable translations() {
        return new TranslationTable(mappingsSettings());
    }

    /** The mappings in force and translation table of another mappings folder (a changed copy, say). */
    public static MappingsInForce mappingsInForce(Path mappingsDir) {
        return new MappingsInForce(new MappingSettings(mappingsDir), new SimpleMeterRegistry());
    }

    public static TranslationTable translations(Path mappingsDir) {
        return new TranslationTable(new MappingSettings(mappingsDir));
    }

    static JsonNode canonicalToMessageBundle(JsonNode canonical) {
        return toFhir("fhir/referral-to-message-bundle.jslt", canonical);
    }

    /** An outbound FHIR mapping applied as the delivery applies it, for {@link #RECIPIENT}. */
    static JsonNode toFhir(String mapping, JsonNode canonical) {
        return fromCanonical(mapping, canonical, RECIPIENT);
    }

    /**
     * Zero errors, as the hub requires before delivery and at its FHIR door. Warnings block neither, so they are
     * only printed (and returned).
     */
    static ValidationOutcome assertValidFhir(FhirResourceValidator validator, IBaseResource resource, String label) {
        ValidationOutcome outcome = validator.validate(resource);
        outcome.warnings().forEach(warning -> System.out.printf("%s: warning at %s: %s%n", label,
                warning.location(), warning.message()));
        assertThat(outcome.errors()).as("validation errors in the %s", label).isEmpty();
        return outcome;
    }

    static JsonNode messageToTransactionBundle(JsonNode messageBundle) {
        return MAPPINGS.jslt("fhir/message-to-transaction.jslt", messageBundle,
                Map.of("recipient", TextNode.valueOf(RECIPIENT)));
    }

    /** {@code document} with the field at {@code pointer} set to {@code value}; the parent object must exist. */
    static ObjectNode with(ObjectNode document, String pointer, JsonNode value) {
        JsonPointer field = JsonPointer.compile(pointer);
        ((ObjectNode) document.at(field.head())).set(field.last().getMatchingProperty(), value);
        return document;
    }

    static ObjectNode with(ObjectNode document, String pointer, String value) {
        return with(document, pointer, TextNode.valueOf(value));
    }

    /** {@code document} without the fields at {@code pointers}. */
    static ObjectNode without(ObjectNode document, String... pointers) {
        for (String pointer : pointers) {
            JsonPointer field = JsonPointer.compile(pointer);
            ((ObjectNode) document.at(field.head())).remove(field.last().getMatchingProperty());
        }
        return document;
    }

    /** JSON Pointers of every null and every empty array or object in {@code document}. */
    static List<String> holesIn(JsonNode document) {
        return holesIn(document, "");
    }

    private static List<String> holesIn(JsonNode node, String pointer) {
        List<String> holes = new ArrayList<>();
        if (node.isNull() || (node.isContainerNode() && node.isEmpty())) {
            holes.add(pointer);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                holes.addAll(holesIn(node.get(i), pointer + "/" + i));
            }
        } else if (node.isObject()) {
            node.properties().forEach(field -> holes.addAll(holesIn(field.getValue(), pointer + "/" + field.getKey())));
        }
        return holes;
    }

    /**
     * {@code canonical} without every field the canonical schema lets it go without, found by trying: a field whose
     * removal keeps the message valid goes, with all it holds; otherwise its own fields are tried. Array items stay.
     */
    public static ObjectNode withoutOptionalFields(ObjectNode canonical) {
        ObjectNode minimal = canonical.deepCopy();
        JsonSchemas schemas = schemas(true);
        removeOptionalFields(minimal, minimal, schemas);
        return minimal;
    }

    private static void removeOptionalFields(ObjectNode message, JsonNode node, JsonSchemas schemas) {
        if (node.isArray()) {
            node.forEach(item -> removeOptionalFields(message, item, schemas));
        } else if (node instanceof ObjectNode object) {
            for (String field : object.properties().stream().map(Map.Entry::getKey).toList()) {
                JsonNode value = object.remove(field);
                if (!schemas.validate(CANONICAL_SCHEMA, message).isEmpty()) {
                    object.set(field, value);
                    removeOptionalFields(message, value, schemas);
                }
            }
        }
    }

    public static JsonSchemas schemas(boolean acceptTestCodes) {
        return new JsonSchemas(new MappingSettings(MAPPINGS_DIR), new IdentitySettings(acceptTestCodes));
    }

    public static XmlSchemas xmlSchemas(boolean acceptTestCodes) {
        return new XmlSchemas(mappingsSettings(), new IdentitySettings(acceptTestCodes));
    }

    /** The repository's mappings as one set. */
    public static MappingSet mappingSet() {
        return MAPPINGS;
    }

    /**
     * JSON tree equality, asserted on pretty-printed text with sorted keys: a failure shows a unified diff of
     * just the lines that differ, not two whole bundles.
     */
    public static void assertMatchesGolden(JsonNode actual, String name) {
        assertSameText(comparable(actual).lines().toList(), comparable(golden(name)).lines().toList(),
                name + " (keys sorted)");
    }

    /** Text equality with a golden file (line ends aside), shown as a unified diff when it fails. */
    public static void assertTextMatchesGolden(String actual, String name) {
        try {
            assertSameText(actual.lines().toList(), Files.readAllLines(GOLDEN_DIR.resolve(name)), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + GOLDEN_DIR.resolve(name), e);
        }
    }

    private static void assertSameText(List<String> produced, List<String> expected, String name) {
        assertThat(produced).withFailMessage(() -> "mapping output differs from " + GOLDEN_DIR.resolve(name)
                        + "; update the golden file only after checking the new output by hand:\n"
                        + unifiedDiff(expected, produced))
                .isEqualTo(expected);
    }

    private static String unifiedDiff(List<String> expectedLines, List<String> producedLines) {
        return String.join("\n", DiffUtils.generateUnifiedDiff("golden", "output", expectedLines,
                DiffUtils.diff(expectedLines, producedLines), 3));
    }

    /** The document as it goes over the wire. */
    static String text(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String comparable(JsonNode document) {
        try {
            return COMPARABLE_JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
