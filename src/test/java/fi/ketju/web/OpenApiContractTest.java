package fi.ketju.web;

import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.intake.IntakeSettings;
import fi.ketju.mapping.TranslationTable;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The document follows the hub: every API a controller maps is in it and nothing else is, each for one audience; a JSON
 * door driven into each of its answers gives only statuses (and media types) the document lists for it, and every
 * status listed is one it gives; the doors' schemas are served exactly as mappings/ has them.
 */
class OpenApiContractTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Statuses a test cannot provoke on demand here: another partner's rate (PartnerRateLimitsTest), a broker failover (DoorsWithoutABrokerTest). */
    private static final Set<String> NOT_PROVOKED = Set.of("429", "503");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Autowired
    TranslationTable translations;

    @Autowired
    IntakeSettings intake;

    @Test
    void everyApiTheHubMapsIsDocumentedForOneAudienceAndNothingElseIs() throws Exception {
        JsonNode document = JSON.readTree(OpenApiDocumentTest.served());
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            documented.add(operation.getKey().toUpperCase() + " " + path.getKey());
            assertThat(operation.getValue().path("tags")).as(path.getKey() + ": the operation's audience (fi.ketju.web.Audience)")
                    .hasSize(1).allSatisfy(tag -> assertThat(Arrays.stream(Audience.values()).map(Audience::tag)).contains(tag.asText()));
        }));

        Set<String> mapped = new TreeSet<>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("fi.ketju")) {
                info.getPathPatternsCondition().getPatternValues().stream()
                        .filter(pattern -> !pattern.startsWith("/console"))
                        .flatMap(pattern -> expanded(pattern).stream())
                        .forEach(path -> info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + path)));
            }
        });

        assertThat(documented).as("operations in /v3/api-docs").isEqualTo(mapped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"social-care", "employment"})
    void aJsonDoorGivesExactlyTheAnswersItsOperationDocuments(String family) throws Exception {
        String door = "/api/v1/" + family + "/messages";
        String token = "sandbox-" + family;
        String json = "application/json";
        ObjectNode message = (ObjectNode) JSON.readTree(sample(family + "/samples/referral.json"));
        String key = "contract-" + UUID.randomUUID();
        Map<String, HttpResponse<String>> answers = new TreeMap<>();

        String first = withNewId(message, family);
        answers.put("accepted", post(door, token, json, first, Map.of("Idempotency-Key", key)));
        answers.put("resent", post(door, token, json, first, Map.of("Idempotency-Key", key)));
        answers.put("another message under a used key", post(door, token, json, withNewId(message, family), Map.of("Idempotency-Key", key)));
        answers.put("not JSON", post(door, token, json, "{"));
        answers.put("too large", post(door, token, json, "x".repeat(intake.maxBodyBytes() + 1)));
        answers.put("not application/json", post(door, token, "text/plain", withNewId(message, family)));
        answers.put("no credentials", post(door, null, json, withNewId(message, family)));
        answers.put("another partner", post(door, "sandbox-kela", json, withNewId(message, family)));

        assertAnswersDocumented(door, answers, NOT_PROVOKED);
        assertThat(answers.get("accepted").headers().firstValue("Location")).isPresent();
    }

    /** The FHIR door in both its forms: what it answers is what the document says, in the media types it says. */
    @Test
    void theFhirDoorGivesExactlyTheAnswersItsOperationDocuments() throws Exception {
        String door = "/fhir/$process-message";
        String token = "sandbox-health-care";
        String fhir = "application/fhir+json";
        String message = sample("fhir/samples/referral.json");
        Map<String, HttpResponse<String>> answers = new TreeMap<>();
        answers.put("synchronous", post(door, token, fhir, message));
        answers.put("asynchronous", post(door + "?async=true", token, fhir, message));
        answers.put("not FHIR", post(door + "?async=true", token, fhir, "{"));
        answers.put("invalid FHIR", post(door + "?async=true", token, fhir, message.replace("010181-900C", "010181-900X")));
        answers.put("too large", post(door, token, fhir, "x".repeat(intake.maxBodyBytes() + 1)));
        answers.put("not FHIR's media type", post(door, token, "application/json", message));
        answers.put("no credentials", post(door, null, fhir, message));
        answers.put("another partner", post(door, "sandbox-kela", fhir, message));

        // 409 (a used Bundle.identifier with other content) is DuplicateDetection's; 429 and 503 as for the JSON doors.
        Set<String> notProvoked = new HashSet<>(NOT_PROVOKED);
        notProvoked.add("409");
        assertAnswersDocumented(door, answers, notProvoked);
    }

    private static void assertAnswersDocumented(String door, Map<String, HttpResponse<String>> answers, Set<String> notProvoked)
            throws Exception {
        JsonNode responses = JSON.readTree(OpenApiDocumentTest.served()).path("paths").path(door).path("post").path("responses");
        Set<String> given = new HashSet<>();
        answers.forEach((what, response) -> {
            String status = String.valueOf(response.statusCode());
            given.add(status);
            assertThat(responses.has(status)).as("%s: %s answered %s, which the document does not list", door, what, status).isTrue();
            String contentType = response.headers().firstValue("Content-Type").orElse("").split(";")[0];
            assertThat(responses.path(status).path("content").has(contentType))
                    .as("%s: %s answered %s in %s", door, what, status, contentType).isTrue();
        });
        Set<String> listed = new TreeSet<>();
        responses.fieldNames().forEachRemaining(listed::add);
        listed.removeAll(notProvoked);
        assertThat(given).as("%s: every status the document lists is one the door gives", door).containsAll(listed);
    }

    /** The sample under a new sender's message id (translations.yaml names the field). */
    private String withNewId(ObjectNode message, String family) throws Exception {
        ObjectNode copy = message.deepCopy();
        copy.put(translations.inboundMessageIdField(family).substring(1), "contract-" + UUID.randomUUID());
        return JSON.writeValueAsString(copy);
    }

    @Test
    void theDoorsSchemasAreServedAsMappingsHasThem() throws Exception {
        JsonNode schemas = JSON.readTree(OpenApiDocumentTest.served()).path("components").path("schemas");
        for (String family : new String[] {"social-care", "employment"}) {
            String file = translations.inboundSchema(family).split("#")[0];
            String name = file.replace(".schema.json", "").replace('/', '.');
            ObjectNode expected = (ObjectNode) JSON.readTree(Path.of("mappings", file).toFile());
            JsonNode defs = expected.remove("$defs");
            expected.remove("$schema");
            expected.remove("$id");

            assertThat(withLocalRefs(name, schemas.path(name))).as(name).isEqualTo(requiredSorted(expected));
            defs.properties().forEach(def -> assertThat(withLocalRefs(name, schemas.path(name + "." + def.getKey())))
                    .as(name + " $defs/" + def.getKey()).isEqualTo(requiredSorted(def.getValue())));
        }
    }

    /** The component with its references as the schema file writes them (#, #/$defs/x). */
    private static JsonNode withLocalRefs(String name, JsonNode component) {
        JsonNode copy = component.deepCopy();
        rewrite(name, copy);
        return requiredSorted(copy);
    }

    private static void rewrite(String name, JsonNode node) {
        if (node instanceof ObjectNode object && object.get("$ref") instanceof TextNode ref) {
            String target = ref.asText().replace("#/components/schemas/" + name, "");
            object.put("$ref", target.isEmpty() ? "#" : "#/$defs/" + target.substring(1));
        }
        node.forEach(child -> rewrite(name, child));
    }

    /** The schema with each "required" list in order: a set, which the document writes sorted. */
    private static JsonNode requiredSorted(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        sortRequired(copy);
        return copy;
    }

    private static void sortRequired(JsonNode node) {
        if (node instanceof ObjectNode object && object.get("required") instanceof ArrayNode required) {
            List<JsonNode> names = new ArrayList<>();
            required.forEach(names::add);
            names.sort(Comparator.comparing(JsonNode::asText));
            required.removeAll().addAll(names);
        }
        node.forEach(OpenApiContractTest::sortRequired);
    }

    /** A request mapping's pattern as the document writes its paths: one path per alternative of {name:a|b}, {*name} as {name}. */
    private static Set<String> expanded(String pattern) {
        Matcher alternatives = Pattern.compile("\\{[^}:]+:([\\w-]+(\\|[\\w-]+)+)}").matcher(pattern);
        if (alternatives.find()) {
            Set<String> paths = new TreeSet<>();
            for (String alternative : alternatives.group(1).split("\\|")) {
                paths.addAll(expanded(pattern.substring(0, alternatives.start()) + alternative + pattern.substring(alternatives.end())));
            }
            return paths;
        }
        return Set.of(pattern.replace("{*", "{"));
    }
}
