package fi.ketju.admin;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.impl.FileSystemResourceResolver;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.disclosure.Disclosure;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.mapping.JsltMappings;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.mapping.TranslationTable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The dry run of a changed mapping: a JSLT mapping is compiled and, if it is an outbound mapping
 * (mappings/translations.yaml), run over every canonical sample of its message type as each recipient family
 * receives it (minimised by the disclosure policy), its output checked (the family's JSON Schema, or FHIR
 * validation) and compared with what the version in force produces. A YAML or JSON file is checked for syntax.
 * Changes nothing.
 */
@Component
class MappingPreview {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final AdminSettings settings;
    private final TranslationTable translations;
    private final DisclosurePolicy policy;
    private final JsltMappings inForce;
    private final JsonSchemas schemas;
    private final FhirContext fhir;
    private final FhirResourceValidator fhirValidator;
    private final ObjectMapper json;

    MappingPreview(AdminSettings settings, TranslationTable translations, DisclosurePolicy policy, JsltMappings inForce,
            JsonSchemas schemas, FhirContext fhir, FhirResourceValidator fhirValidator, ObjectMapper json) {
        this.settings = settings;
        this.translations = translations;
        this.policy = policy;
        this.inForce = inForce;
        this.schemas = schemas;
        this.fhir = fhir;
        this.fhirValidator = fhirValidator;
        this.json = json;
    }

    /** One sample as one recipient family would receive it from the new version. */
    record SampleResult(String sample, String recipientFamily, JsonNode output, boolean valid, List<String> errors,
            List<String> withheld, List<String> diff) {
    }

    /** The file's own errors (it does not parse or compile), and the run over the samples. */
    record Result(List<SchemaViolation> errors, List<SampleResult> samples) {

        boolean valid() {
            return errors.isEmpty() && samples.stream().allMatch(SampleResult::valid);
        }
    }

    Result check(String id, String content) {
        if (id.endsWith(".yaml") || id.endsWith(".json")) {
            try {
                (id.endsWith(".yaml") ? YAML : json).readTree(content);
                return new Result(List.of(), List.of());
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? "body"
                        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
                return new Result(List.of(new SchemaViolation(where, "syntax", e.getOriginalMessage())), List.of());
            }
        }
        if (!id.endsWith(".jslt")) {
            return new Result(List.of(new SchemaViolation("id", "supported",
                    "only JSLT, YAML and JSON mappings can be checked here; an XSLT or XSD change goes through the repository")),
                    List.of());
        }
        Expression compiled;
        try {
            compiled = new Parser(new StringReader(content)).withSource(id)
                    .withResourceResolver(new FileSystemResourceResolver(settings.mappingsDir())).compile();
        } catch (JsltException e) {
            String where = e.getLine() > 0 ? "line " + e.getLine() + ", column " + e.getColumn() : "body";
            return new Result(List.of(new SchemaViolation(where, "jslt", e.getMessageWithoutLocation())), List.of());
        }
        List<SampleResult> results = new ArrayList<>();
        for (Path file : samples()) {
            JsonNode sample = read(file);
            for (PartnerDirectory.Format format : PartnerDirectory.Format.values()) {
                if (id.equals(translations.outbound(format.key(), sample.path("type").asText()).orElse(null))) {
                    results.add(run(id, compiled, file.getFileName().toString(), sample, format));
                }
            }
        }
        return new Result(List.of(), results);
    }

    private SampleResult run(String id, Expression compiled, String sampleName, JsonNode sample, PartnerDirectory.Format format) {
        Disclosure disclosure = policy.apply(sample, format.family());
        Map<String, JsonNode> variables = Map.of("recipient", TextNode.valueOf(format.family()));
        List<String> errors = new ArrayList<>();
        JsonNode output = null;
        try {
            output = compiled.apply(variables, disclosure.message());
            errors.addAll(validate(format, output));
        } catch (JsltException e) {
            errors.add("the mapping failed: " + e.getMessage());
        }
        String before;
        try {
            before = pretty(inForce.apply(id, disclosure.message(), variables));
        } catch (RuntimeException e) {
            before = "";
        }
        return new SampleResult(sampleName, format.family(), output, errors.isEmpty(), errors, disclosure.withheld(),
                TextDiff.unified(sampleName + " as " + format.family() + " receives it", before, output == null ? "" : pretty(output)));
    }

    private List<String> validate(PartnerDirectory.Format format, JsonNode output) {
        if (format == PartnerDirectory.Format.FHIR) {
            try {
                return fhirValidator.validate(fhir.newJsonParser().parseResource(output.toString())).errors().stream()
                        .map(Object::toString).toList();
            } catch (DataFormatException e) {
                return List.of("not FHIR: " + e.getMessage());
            }
        }
        return translations.outbound(format.key(), "schema")
                .map(schema -> schemas.validate(schema, output).stream().map(v -> v.field() + ": " + v.detail()).toList())
                .orElse(List.of());
    }

    private List<Path> samples() {
        try (Stream<Path> files = Files.list(settings.mappingsDir().resolve("canonical").resolve("samples"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the canonical samples", e);
        }
    }

    private JsonNode read(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
