package fi.ketju.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import fi.ketju.identity.BusinessId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Validates documents against the JSON Schemas under mappings/ (JSON Schema 2020-12). Schemas refer
 * to each other by their {@code $id} under https://ketju.fi/schema/, which resolves to mappings/.
 */
@Component
public class JsonSchemas {

    private static final String ID_PREFIX = "https://ketju.fi/schema/";

    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    private final Map<String, JsonSchema> loaded = new ConcurrentHashMap<>();
    private final boolean acceptTestCodes;

    JsonSchemas(MappingSettings mappings, IdentitySettings identity) {
        this.acceptTestCodes = identity.acceptTestCodes();
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .format(IdentityFormats.hetu(acceptTestCodes))
                .format(IdentityFormats.businessId())
                .build();
        String root = mappings.mappingsDir().toAbsolutePath().normalize().toUri().toString();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(metaSchema)
                .schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, root)));
    }

    /** Every rule {@code document} breaks in the schema at {@code path} (relative to mappings/), in document order. */
    public List<SchemaViolation> validate(String path, JsonNode document) {
        return schema(path).validate(document).stream()
                .map(this::violation)
                .distinct()
                .sorted(Comparator.comparing(SchemaViolation::field).thenComparing(SchemaViolation::rule))
                .toList();
    }

    /** The schema document {@code file} (relative to mappings/) as the validator loaded it: what the API description shows. */
    public JsonNode document(String file) {
        return schema(file).getSchemaNode();
    }

    private JsonSchema schema(String path) {
        return loaded.computeIfAbsent(path, p -> factory.getSchema(SchemaLocation.of(ID_PREFIX + p), config));
    }

    private SchemaViolation violation(ValidationMessage message) {
        String field = message.getInstanceLocation().toString();
        String rule = message.getType();
        if (("required".equals(rule) || "additionalProperties".equals(rule)) && message.getProperty() != null) {
            field = (field.equals("/") ? "" : field) + "/" + message.getProperty();
        }
        String detail = message.getError();
        if ("format".equals(rule)) {
            String value = message.getInstanceNode().asText();
            Optional<String> identityProblem = switch (String.valueOf(formatName(message))) {
                case IdentityFormats.HETU -> IdentityFormats.hetuProblem(value, acceptTestCodes).map(p -> "personal identity code: " + p);
                case IdentityFormats.BUSINESS_ID -> BusinessId.problem(value).map(p -> "business ID: " + p);
                default -> Optional.empty();
            };
            detail = identityProblem.orElse(detail);
        }
        return new SchemaViolation(field.isEmpty() ? "/" : field, rule, detail);
    }

    private static String formatName(ValidationMessage message) {
        JsonNode schemaNode = message.getSchemaNode();
        return schemaNode != null && schemaNode.isTextual() ? schemaNode.asText() : null;
    }
}
