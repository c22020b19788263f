package fi.ketju.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of the OpenAPI document every feature's {@link ApiContribution} uses: problems, headers, schemas from mappings/. */
public final class ApiDocuments {

    /** The component every problem+json answer refers to. */
    public static final String PROBLEM = "Problem";
    public static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String COMPONENTS = "#/components/schemas/";

    private ApiDocuments() {
    }

    /** A reference to the component {@code name}. */
    public static Schema<?> ref(String name) {
        return new Schema<>().$ref(COMPONENTS + name);
    }

    /** A schema of one JSON type (OpenAPI 3.1 writes a schema's types, not 3.0's single type). */
    public static Schema<Object> typed(String type) {
        return new JsonSchema().typesItem(type);
    }

    /** An RFC 9457 problem+json answer (see {@link Problems}). */
    public static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref(PROBLEM))));
    }

    /** An answer in a format of its own (a FHIR resource, a SOAP envelope), given as text in each of {@code mediaTypes}. */
    public static ApiResponse inFormat(String description, String... mediaTypes) {
        Content content = new Content();
        for (String mediaType : mediaTypes) {
            content.addMediaType(mediaType, new MediaType().schema(typed("string")));
        }
        return new ApiResponse().description(description).content(content);
    }

    /**
     * The security filters' refusals (401, 403, 429) as a door that answers in a format of its own gives them
     * (RefusalFormat): the challenge and Retry-After as for every other operation.
     */
    public static void refusalsInFormat(Operation operation, String... mediaTypes) {
        answer(operation, "401", inFormat("No valid credentials", mediaTypes).headers(unauthenticated().getHeaders()));
        answer(operation, "403", inFormat("This identity may not use this door", mediaTypes));
        answer(operation, "429", inFormat("Too many requests from this partner", mediaTypes).headers(tooManyRequests().getHeaders()));
    }

    /** 401, with the challenge a client answers with its bearer token. */
    public static ApiResponse unauthenticated() {
        return problem("No valid credentials: a bearer token or an enrolled client certificate is required")
                .addHeaderObject("WWW-Authenticate", new Header().description("Bearer").schema(typed("string")));
    }

    /** 429 to a partner over its request rate (ketju.security.rate-limit). */
    public static ApiResponse tooManyRequests() {
        return problem("Too many requests from this partner: send again after Retry-After seconds")
                .addHeaderObject("Retry-After", retryAfter());
    }

    /** Seconds to wait before sending again. */
    public static Header retryAfter() {
        return new Header().description("Seconds to wait before sending again").schema(typed("integer").minimum(BigDecimal.ONE));
    }

    /** Adds {@code response} under {@code status} unless the operation already describes that status. */
    public static void answer(Operation operation, String status, ApiResponse response) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation.getResponses().putIfAbsent(status, response);
    }

    /**
     * A JSON Schema document under mappings/ as components of the OpenAPI document (OpenAPI 3.1's schema objects are JSON
     * Schema 2020-12): the document itself as {@code name}, each of its {@code $defs} as {@code name.def}, and its
     * references rewritten to match. The schema is otherwise unchanged: no hand-copied model.
     */
    public static Map<String, Schema<?>> components(String name, JsonNode schemaDocument) {
        ObjectNode root = schemaDocument.deepCopy();
        root.remove(List.of("$schema", "$id"));
        JsonNode defs = root.remove("$defs");
        Map<String, Schema<?>> components = new LinkedHashMap<>();
        components.put(name, schema(name, root));
        if (defs != null) {
            defs.properties().forEach(def -> components.put(name + "." + def.getKey(), schema(name, def.getValue().deepCopy())));
        }
        return components;
    }

    /** The component name of the schema at {@code pointer} ("" or "/$defs/x") of the document named {@code name}. */
    public static String componentName(String name, String pointer) {
        if (pointer.isEmpty()) {
            return name;
        }
        if (!pointer.matches("/\\$defs/[^/]+")) {
            throw new IllegalArgumentException("only a schema document or one of its $defs can be a component, not " + pointer);
        }
        return name + "." + pointer.substring("/$defs/".length());
    }

    private static Schema<?> schema(String name, JsonNode node) {
        rewriteRefs(name, node);
        return Json31.mapper().convertValue(node, Schema.class);
    }

    private static void rewriteRefs(String name, JsonNode node) {
        if (node instanceof ObjectNode object && object.get("$ref") instanceof TextNode ref) {
            String target = ref.asText();
            if (!target.startsWith("#")) {
                throw new IllegalArgumentException("a reference to another document (" + target + ") is not supported in " + name);
            }
            object.put("$ref", COMPONENTS + componentName(name, target.substring(1)));
        }
        node.forEach(child -> rewriteRefs(name, child));
    }

    static Schema<?> problemSchema() {
        Schema<?> error = typed("object").required(List.of("field", "rule", "detail"))
                .addProperty("field", typed("string").description("A JSON Pointer into the message, or a header's name"))
                .addProperty("rule", typed("string").description("The rule it broke: a schema keyword or a named check"))
                .addProperty("detail", typed("string").description("What was wrong, in words"));
        return typed("object").description("""
                        RFC 9457 problem details. errors names each field, the rule it broke and what was wrong; a \
                        refusal never quotes personal data and changes nothing.""")
                .addProperty("type", typed("string").format("uri"))
                .addProperty("title", typed("string"))
                .addProperty("status", typed("integer"))
                .addProperty("detail", typed("string"))
                .addProperty("instance", typed("string").format("uri-reference"))
                .addProperty("errors", typed("array").items(error));
    }
}
