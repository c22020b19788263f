package fi.ketju.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.schibsted.spt.data.jslt.JsltException;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientFormat;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.disclosure.Disclosure;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.intake.InboundTranslation;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.measure.MeasureCatalogue;
import fi.ketju.mapping.MappingException;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingsInForce;
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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The dry run of a changed mapping. A JSLT or XSLT file is laid over the mapping set in force (a candidate set,
 * not put in force) and every mapping of its folder that mappings/translations.yaml names is compiled with it, so
 * a changed code map or module is checked through each mapping that imports it. Then every translation of that
 * folder runs over its samples, as the hub runs it, with the candidate and with the set in force:
 * <ul>
 * <li>outbound: each canonical sample (mappings/canonical/samples/) as each recipient family of the folder
 * receives it: minimised by the disclosure policy, translated, and checked as before delivery (JSON Schema, XSD
 * and X-Road, or FHIR validation in both FHIR modes);</li>
 * <li>inbound: each of the family's own samples (mappings/{family}/samples/) through the door's checks and
 * mapping to canonical, and the canonical message's schema.</li>
 * </ul>
 * A YAML or JSON file is checked for syntax, an XSD compiled. Changes nothing.
 */
@Component
class MappingPreview {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CANONICAL_SCHEMA = "canonical/message.schema.json";
    private static final String SAMPLES = "samples";
    private static final List<String> DRAWN_FIELDS = List.of("\"messageId\"", "\"receivedAt\"", "\"chainId\"");

    private final AdminSettings settings;
    private final TranslationTable translations;
    private final DisclosurePolicy policy;
    private final MappingsInForce inForce;
    private final List<RecipientFormat> recipientFormats;
    private final List<InboundTranslation> inboundTranslations;
    private final JsonSchemas schemas;
    private final ObjectMapper json;
    private final MeasureCatalogue measures;

    MappingPreview(AdminSettings settings, TranslationTable translations, DisclosurePolicy policy, MappingsInForce inForce,
            List<RecipientFormat> recipientFormats, List<InboundTranslation> inboundTranslations, JsonSchemas schemas,
            ObjectMapper json, MeasureCatalogue measures) {
        this.settings = settings;
        this.translations = translations;
        this.policy = policy;
        this.inForce = inForce;
        this.recipientFormats = recipientFormats;
        this.inboundTranslations = inboundTranslations;
        this.schemas = schemas;
        this.json = json;
        this.measures = measures;
    }

    /**
     * One sample through one translation made with the changed file: {@code direction} is "outbound" (a canonical
     * sample as {@code recipientFamily} receives it) or "inbound" (the family's own sample made canonical).
     */
    record SampleResult(String sample, String direction, String recipientFamily, String mapping, JsonNode output, boolean valid,
            List<String> errors, List<String> withheld, List<String> diff) {
    }

    /** The file's own errors (it does not parse or compile), the run over the samples, and the candidate set. */
    record Result(List<SchemaViolation> errors, List<SampleResult> samples, Optional<MappingSet> candidate) {

        boolean valid() {
            return errors.isEmpty() && samples.stream().allMatch(SampleResult::valid);
        }
    }

    /** Whether a deploy can swap the file in while the hub runs: the mappings can; what is read at start cannot. */
    static boolean deployableLive(String id) {
        return id.endsWith(".jslt") || id.endsWith(".xsl") || id.endsWith(".xslt") || MeasureCatalogue.isMeasure(id);
    }

    Result check(String id, String content) {
        if (MeasureCatalogue.isMeasure(id)) {
            // A measure is checked by parsing it and running its queries over no days (MeasureCatalogue.check).
            List<SchemaViolation> errors = measures.check(id, content);
            return new Result(errors, List.of(), errors.isEmpty() ? Optional.of(inForce.current().with(Map.of(id, content)))
                    : Optional.empty());
        }
        if (id.endsWith(".yaml") || id.endsWith(".json")) {
            return new Result(syntaxErrors(id, content), List.of(), Optional.empty());
        }
        if (id.endsWith(".xsd")) {
            return new Result(schemaErrors(id, content), List.of(), Optional.empty());
        }
        if (!deployableLive(id)) {
            return new Result(List.of(new SchemaViolation("id", "supported",
                    "only JSLT, XSLT, XSD, YAML and JSON files are mappings")), List.of(), Optional.empty());
        }
        MappingSet current = inForce.current();
        MappingSet candidate = current.with(Map.of(id, content));
        List<SchemaViolation> errors = compile(id, candidate);
        if (!errors.isEmpty()) {
            return new Result(errors, List.of(), Optional.empty());
        }
        String folder = folderOf(id);
        List<SampleResult> samples = new ArrayList<>(outbound(folder, candidate.untimed(), current.untimed()));
        samples.addAll(inbound(folder, candidate.untimed(), current.untimed()));
        return new Result(List.of(), samples, Optional.of(candidate));
    }

    /**
     * Every mapping of the changed file's folder that translations.yaml names, as the candidate set has them: a
     * module or code map is compiled through each mapping that imports it (on its own it is not a whole mapping).
     * A file in a folder with no such mapping is compiled on its own.
     */
    private List<SchemaViolation> compile(String id, MappingSet candidate) {
        List<String> mappings = translations.mappings().stream().filter(mapping -> folderOf(mapping).equals(folderOf(id))).toList();
        List<SchemaViolation> errors = new ArrayList<>();
        for (String mapping : mappings.isEmpty() ? List.of(id) : mappings) {
            try {
                candidate.compile(mapping);
            } catch (MappingException e) {
                errors.add(compileError(id, mapping, e));
            }
        }
        return errors;
    }

    /** A JSLT error in the changed file itself is named by its line and column; any other by the mapping it broke. */
    private static SchemaViolation compileError(String id, String mapping, MappingException e) {
        if (e.getCause() instanceof JsltException jslt && id.equals(jslt.getSource()) && jslt.getLine() > 0) {
            return new SchemaViolation("line " + jslt.getLine() + ", column " + jslt.getColumn(), "jslt",
                    jslt.getMessageWithoutLocation());
        }
        return new SchemaViolation(mapping, id.endsWith(".jslt") ? "jslt" : "xslt", e.getMessage());
    }

    private List<SampleResult> outbound(String folder, MappingSet candidate, MappingSet current) {
        List<SampleResult> results = new ArrayList<>();
        for (Path file : files(settings.mappingsDir().resolve("canonical").resolve(SAMPLES), ".json")) {
            JsonNode sample = readJson(file);
            for (PartnerDirectory.Format format : PartnerDirectory.Format.values()) {
                Optional<String> mapping = translations.outbound(format.key(), sample.path("type").asText())
                        .filter(path -> folderOf(path).equals(folder));
                if (mapping.isEmpty()) {
                    continue;
                }
                List<PartnerDirectory.FhirMode> modes = format == PartnerDirectory.Format.FHIR
                        ? List.of(PartnerDirectory.FhirMode.values()) : List.of(PartnerDirectory.FhirMode.MESSAGE);
                for (PartnerDirectory.FhirMode mode : modes) {
                    results.add(outbound(file.getFileName().toString(), sample, format, mode, mapping.get(), candidate, current));
                }
            }
        }
        return results;
    }

    private SampleResult outbound(String sampleName, JsonNode sample, PartnerDirectory.Format format, PartnerDirectory.FhirMode mode,
            String mapping, MappingSet candidate, MappingSet current) {
        Disclosure disclosure = policy.apply(sample, format.family());
        PartnerDirectory.Partner partner = new PartnerDirectory.Partner(null, format, mode, List.of());
        RecipientFormat recipientFormat = recipientFormats.stream().filter(f -> f.formats().contains(format)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the hub has no translator into " + format.key()));
        String label = sampleName + " as " + format.family() + " receives it"
                + (format == PartnerDirectory.Format.FHIR ? " (" + mode.name().toLowerCase() + ")" : "");
        List<String> errors = new ArrayList<>();
        String output = null;
        try {
            output = recipientFormat.translate(candidate, disclosure.message(), mapping, partner, format.family()).body();
        } catch (UndeliverableException e) {
            errors.add(e.detail()); // the samples are the repository's, no client's: the admin sees every word
        } catch (MappingException e) {
            errors.add(e.getMessage());
        }
        String before;
        try {
            before = recipientFormat.translate(current, disclosure.message(), mapping, partner, format.family()).body();
        } catch (UndeliverableException | MappingException e) {
            before = "";
        }
        return new SampleResult(sampleName, "outbound", format.family(), mapping, shown(output), errors.isEmpty(), errors,
                disclosure.withheld(), TextDiff.unified(label, comparable(before), comparable(output)));
    }

    private List<SampleResult> inbound(String family, MappingSet candidate, MappingSet current) {
        Optional<InboundTranslation> translation = inboundTranslations.stream().filter(t -> t.families().contains(family)).findFirst();
        if (translation.isEmpty()) {
            return List.of();
        }
        List<SampleResult> results = new ArrayList<>();
        for (Path file : files(settings.mappingsDir().resolve(family).resolve(SAMPLES), "")) {
            String name = file.getFileName().toString();
            byte[] message = readBytes(file);
            List<String> errors = new ArrayList<>();
            JsonNode output = null;
            try {
                output = translation.get().toCanonical(candidate, family, name, message);
                schemas.validate(CANONICAL_SCHEMA, output).forEach(v -> errors.add(v.field() + ": " + v.detail()));
            } catch (InvalidMessageException e) {
                e.violations().forEach(v -> errors.add(v.field() + " (" + v.rule() + "): " + v.detail()));
            } catch (MappingException e) {
                errors.add(e.getMessage());
            }
            String before;
            try {
                before = pretty(translation.get().toCanonical(current, family, name, message));
            } catch (InvalidMessageException | MappingException e) {
                before = "";
            }
            results.add(new SampleResult(name, "inbound", family, translations.inbound(family, typeOf(output)).orElse(null), output,
                    errors.isEmpty(), errors, List.of(),
                    TextDiff.unified(name + " made canonical", withoutDrawnValues(before), withoutDrawnValues(output == null ? "" : pretty(output)))));
        }
        return results;
    }

    private static String typeOf(JsonNode canonical) {
        return canonical == null ? "" : canonical.path("type").asText();
    }

    /**
     * The hub draws a message id, a reception time and a chain id for each message it takes in: they differ between
     * any two runs, so they are left out of the comparison, where they would only hide what the change did.
     */
    private String withoutDrawnValues(String canonical) {
        return canonical.lines().filter(line -> DRAWN_FIELDS.stream().noneMatch(line::contains))
                .collect(Collectors.joining("\n"));
    }

    private JsonNode shown(String output) {
        if (output == null) {
            return null;
        }
        try {
            return output.startsWith("{") ? json.readTree(output) : TextNode.valueOf(output);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(output);
        }
    }

    /** JSON pretty-printed, so the diff is by line; XML as made. */
    private String comparable(String output) {
        JsonNode shown = shown(output);
        return shown == null ? "" : shown.isTextual() ? shown.asText() : pretty(shown);
    }

    private static List<SchemaViolation> syntaxErrors(String id, String content) {
        try {
            (id.endsWith(".yaml") ? YAML : new ObjectMapper()).readTree(content);
            return List.of();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "body"
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return List.of(new SchemaViolation(where, "syntax", e.getOriginalMessage()));
        }
    }

    /** Compiles an XML Schema (imports and includes resolved under mappings/, nothing fetched from elsewhere). */
    private List<SchemaViolation> schemaErrors(String id, String content) {
        List<SchemaViolation> errors = new ArrayList<>();
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            factory.newSchema(new StreamSource(new StringReader(content),
                    settings.mappingsDir().toAbsolutePath().resolve(id).toUri().toString()));
        } catch (SAXParseException e) {
            errors.add(new SchemaViolation("line " + e.getLineNumber() + ", column " + e.getColumnNumber(), "xsd", e.getMessage()));
        } catch (SAXException e) {
            errors.add(new SchemaViolation("body", "xsd", e.getMessage()));
        }
        return errors;
    }

    /** The top folder of a path under mappings/: the partner family whose mappings it holds. */
    private static String folderOf(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static List<Path> files(Path directory, String suffix) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private JsonNode readJson(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
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
