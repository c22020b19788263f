package fi.ketju.intake;

import static fi.ketju.web.ApiDocuments.answer;
import static fi.ketju.web.ApiDocuments.problem;
import static fi.ketju.web.ApiDocuments.ref;
import static fi.ketju.web.ApiDocuments.typed;

import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.web.ApiContribution;
import fi.ketju.web.ApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The JSON doors in the OpenAPI document: one path per family, its request body the very schema the door validates
 * with (translations.yaml inbound.{family}.schema, as {@link JsonSchemas} loaded it), its samples as examples, and
 * every answer the door and {@link IntakeProblems} give.
 */
@Component
class JsonDoorsDescription implements ApiContribution {

    private static final String ACCEPTED = "AcceptedMessage";

    private final JsonIntake intake;
    private final TranslationTable translations;
    private final JsonSchemas schemas;
    private final MappingSettings mappings;
    private final IntakeSettings settings;
    private final ObjectMapper json;

    JsonDoorsDescription(JsonIntake intake, TranslationTable translations, JsonSchemas schemas, MappingSettings mappings,
            IntakeSettings settings, ObjectMapper json) {
        this.intake = intake;
        this.translations = translations;
        this.schemas = schemas;
        this.mappings = mappings;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public void describe(OpenAPI api) {
        api.getPaths().remove(JsonPartnerDoors.PATH);
        for (String family : new TreeSet<>(intake.families())) {
            String[] schema = translations.inboundSchema(family).split("#", 2);
            String name = schema[0].replace(".schema.json", "").replace('/', '.');
            ApiDocuments.components(name, schemas.document(schema[0])).forEach(api.getComponents()::addSchemas);
            String body = ApiDocuments.componentName(name, schema.length == 2 ? schema[1] : "");
            api.path(JsonPartnerDoors.PATH.replace("{family}", family), new PathItem().post(door(family, body)));
        }
    }

    private Operation door(String family, String bodySchema) {
        Operation door = new Operation()
                .operationId("send" + camelCase(family) + "Message")
                .summary("Sends a " + family + " message to the hub")
                .description("The body must meet mappings/" + translations.inboundSchema(family) + " (below, as the hub has it "
                        + "in force) and be at most " + settings.maxBodyBytes() + " bytes of UTF-8 JSON. A resend (the same "
                        + "message id, or the same Idempotency-Key, with the same content) is answered 200 with the first "
                        + "answer; another message under a used id is refused 409. A refusal stores nothing.")
                .addParametersItem(new HeaderParameter().name(CanonicalIntake.IDEMPOTENCY_KEY_HEADER).required(false)
                        .description("Optional: names this message across resends (1-200 visible ASCII characters)")
                        .schema(typed("string").minLength(1).maxLength(200)))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType(
                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(ref(bodySchema)).examples(samples(family)))));
        answer(door, "202", accepted("Accepted: the message is durable in the hub and will be routed. Location is its status"));
        answer(door, "200", accepted("A resend of a message already accepted: the first answer again (duplicate: true); "
                + "nothing is sent twice"));
        answer(door, "400", problem("The message is not valid JSON, breaks its schema, or is of a type this family may not "
                + "send: errors names each field (a JSON Pointer) and the rule"));
        answer(door, "409", problem("The message id or Idempotency-Key was used for another message: existingMessageId "
                + "names the hub message it belongs to"));
        answer(door, "413", problem("The body is larger than " + settings.maxBodyBytes() + " bytes"));
        answer(door, "415", problem("Content-Type is not application/json (UTF-8)"));
        answer(door, "503", problem("The hub cannot take messages just now (broker or database failover); nothing was "
                + "stored: send again after Retry-After seconds").addHeaderObject("Retry-After", ApiDocuments.retryAfter()));
        return door;
    }

    private static ApiResponse accepted(String description) {
        return new ApiResponse().description(description)
                .addHeaderObject("Location", new Header().description("The message's status: GET it with the same credentials")
                        .schema(typed("string").format("uri-reference")))
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(ref(ACCEPTED))));
    }

    /** The family's samples (mappings/{family}/samples/*.json) by file name. */
    private Map<String, Example> samples(String family) {
        Path dir = mappings.mappingsDir().resolve(family).resolve("samples");
        Map<String, Example> examples = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                examples.put(file.getFileName().toString().replace(".json", ""), new Example()
                        .summary("mappings/" + family + "/samples/" + file.getFileName())
                        .value(json.readTree(file.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the samples in " + dir, e);
        }
        return examples;
    }

    private static String camelCase(String family) {
        StringBuilder name = new StringBuilder();
        for (String part : family.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
