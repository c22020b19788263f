package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientFormat;
import fi.ketju.delivery.RecipientUnavailableException;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.mapping.MappingSet;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.TranslationTable;
import fi.ketju.message.DeliveryFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Health care: FHIR R4. A JSLT mapping makes a message Bundle; a partner that is a plain FHIR server
 * (fhir-mode transaction) gets it rewritten as a transaction. The result must parse strictly and meet Ketju's
 * rules before it leaves.
 *
 * <p>HAPI's whole validation costs about 30 ms of CPU for a message of 25 resources, more than all else the hub does
 * with it. So a mapping is proven once for each mapping set put in force (in the background, once the validator is
 * warm; a deploy makes a new set, which is proven anew): its output for every canonical sample
 * ({@code mappings/canonical/samples/}), as given to health care and as the disclosure policy leaves it, must
 * pass the whole validation. A message made by a proven mapping then needs only what can vary from message to
 * message checked: that it parses strictly (element names, datatypes, formats of dates, codes and ids) and meets
 * Ketju's rules (identity codes). A mapping that fails its proof is used with the whole validation of every
 * message, as is every mapping when {@code ketju.fhir.outbound-validation} is {@code every-message}.
 */
@Component
class FhirRecipientFormat implements RecipientFormat {

    private static final Logger log = LoggerFactory.getLogger(FhirRecipientFormat.class);
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String HEALTH_CARE = PartnerDirectory.Format.FHIR.family();

    private final ObjectMapper json;
    private final MappingsInForce mappings;
    private final TranslationTable translations;
    private final FhirContext fhirContext;
    private final FhirResourceValidator validator;
    private final DisclosurePolicy disclosurePolicy;
    private final List<JsonNode> samples;
    private final boolean everyMessage;
    private final CompletableFuture<Void> validatorWarm;
    /** What was proven last, of which mapping set; nothing until then. */
    private volatile Proof proof = new Proof(0, Set.of());
    /** The newest mapping set whose proof has been started, and that proof. */
    private final AtomicLong provingGeneration = new AtomicLong();
    private volatile CompletableFuture<Void> proving = CompletableFuture.completedFuture(null);

    FhirRecipientFormat(ObjectMapper json, MappingsInForce mappings, TranslationTable translations, FhirContext fhirContext,
            FhirResourceValidator validator, DisclosurePolicy disclosurePolicy, MappingSettings mappingSettings,
            FhirSettings settings, ValidatorWarmUp validatorWarmUp) {
        this.json = json;
        this.mappings = mappings;
        this.translations = translations;
        this.fhirContext = fhirContext;
        this.validator = validator;
        this.disclosurePolicy = disclosurePolicy;
        this.samples = samples(mappingSettings.mappingsDir().resolve("canonical").resolve("samples"));
        this.everyMessage = settings.outboundValidation() == FhirSettings.OutboundValidation.EVERY_MESSAGE;
        this.validatorWarm = validatorWarmUp.warmedUp();
        // Beside the start-up, once the validator is warm: until a mapping is proven, its messages are validated whole.
        proveIfInForce(mappings.current());
    }

    /** The (mapping, FHIR mode) pairs of one mapping set whose output passed the whole validation for every sample. */
    private record Proof(long generation, Set<String> proven) {
    }

    /** Completes when the newest mapping set seen in force has been put to its proof. */
    CompletableFuture<Void> proof() {
        return proving;
    }

    @Override
    public Set<PartnerDirectory.Format> formats() {
        return Set.of(PartnerDirectory.Format.FHIR);
    }

    @Override
    public Translation translate(MappingSet mappings, JsonNode canonical, String mapping, PartnerDirectory.Partner partner,
            String recipient) {
        JsonNode output = bundle(mappings, canonical, mapping, partner.fhirMode(), recipient);
        IBaseResource resource = parse(mapping, output);
        Proof proven = proof;
        boolean provenMapping = proven.generation() == mappings.generation() && proven.proven().contains(key(mapping, partner.fhirMode()));
        if (!provenMapping) {
            proveIfInForce(mappings);
        }
        ValidationOutcome outcome = provenMapping ? validator.checkKetjuRules(resource) : validator.validate(resource);
        if (!outcome.valid()) {
            throw UndeliverableException.invalidOutput(mapping, outcome.errors().stream().map(FhirRecipientFormat::brokenRule).toList(),
                    mapping + " produced invalid FHIR: " + outcome.errors());
        }
        return new Translation(serialize(mapping, output), FHIR_JSON);
    }

    /**
     * The mapping's output read strictly by HAPI, straight from the JSON tree the mapping made (the text sent is
     * written from the same tree): element names, datatypes, formats of dates, codes and ids.
     */
    private IBaseResource parse(String mapping, JsonNode output) {
        if (!(output instanceof ObjectNode resource)) {
            throw UndeliverableException.mapping(mapping, mapping + " produced no FHIR resource (a JSON object)");
        }
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject(resource);
        try {
            return ((IJsonLikeParser) fhirContext.newJsonParser()).parseResource(structure);
        } catch (DataFormatException e) {
            throw UndeliverableException.invalidOutput(mapping, List.of("strict-parse"),
                    mapping + " produced FHIR that does not parse: " + e.getMessage());
        }
    }

    private String serialize(String mapping, JsonNode output) {
        try {
            return json.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            throw UndeliverableException.mapping(mapping, mapping + " produced output that does not serialize: " + e.getOriginalMessage());
        }
    }

    /** Starts the proof of a mapping set just put in force, once: not of an older one, nor of an admin's preview. */
    private void proveIfInForce(MappingSet set) {
        if (everyMessage || set != this.mappings.current()
                || provingGeneration.getAndAccumulate(set.generation(), Math::max) >= set.generation()) {
            return;
        }
        proving = validatorWarm.thenRunAsync(() -> {
            Set<String> proven = prove(set.untimed());
            if (proof.generation() < set.generation()) {
                proof = new Proof(set.generation(), proven);
            }
        });
    }

    private JsonNode bundle(MappingSet mappings, JsonNode canonical, String mapping, PartnerDirectory.FhirMode mode,
            String recipient) {
        Map<String, JsonNode> variables = Map.of("recipient", TextNode.valueOf(recipient));
        JsonNode output = mappings.jslt(mapping, canonical, variables);
        if (mode == PartnerDirectory.FhirMode.TRANSACTION) {
            output = mappings.jslt(translations.outbound("fhir", "transaction").orElseThrow(), output, variables);
        }
        return output;
    }

    /** Validates every FHIR mapping's output for every sample of its type, in both FHIR modes: those that pass. */
    private Set<String> prove(MappingSet set) {
        long started = System.nanoTime();
        Map<String, List<String>> errorsByMapping = new TreeMap<>();
        for (JsonNode sample : samples) {
            Optional<String> mapping = translations.outbound("fhir", sample.path("type").asText());
            if (mapping.isEmpty()) {
                continue;
            }
            for (PartnerDirectory.FhirMode mode : PartnerDirectory.FhirMode.values()) {
                List<String> errors = errorsByMapping.computeIfAbsent(key(mapping.get(), mode), key -> new ArrayList<>());
                for (JsonNode canonical : List.of(sample, disclosurePolicy.apply(sample, HEALTH_CARE).message())) {
                    try {
                        IBaseResource output = parse(mapping.get(), bundle(set, canonical, mapping.get(), mode, "proof"));
                        validator.validate(output).errors().forEach(error -> errors.add(error.toString()));
                    } catch (UndeliverableException e) {
                        errors.add(e.detail());
                    }
                }
            }
        }
        Set<String> proven = new TreeSet<>();
        errorsByMapping.forEach((key, errors) -> {
            if (errors.isEmpty()) {
                proven.add(key);
            } else {
                log.warn("FHIR mapping {} is not proven, so every message it makes is validated whole: {}", key, errors);
            }
        });
        log.info("FHIR mappings proven against {} canonical samples in {} ms (mapping set {}): {}", samples.size(),
                (System.nanoTime() - started) / 1_000_000, set.generation(), proven);
        return Set.copyOf(proven);
    }

    private List<JsonNode> samples(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<JsonNode> samples = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                samples.add(json.readTree(file.toFile()));
            }
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the canonical samples in " + directory, e);
        }
    }

    /**
     * Judged by the HTTP status, with the codes of the OperationOutcome a FHIR server answers with (JSON or XML):
     * each issue's code, details codes and expression; its diagnostics, which may quote the message, are left out.
     */
    @Override
    public void checkAnswer(int httpStatus, String body) {
        if (httpStatus >= 200 && httpStatus < 300) {
            return; // a success is not parsed: a transaction's response Bundle can be large
        }
        Optional<List<String>> outcomeCodes = outcomeCodes(body);
        if (outcomeCodes.isPresent()) {
            RecipientFormat.checkStatus(httpStatus, body, outcomeCodes.get());
        } else {
            RecipientFormat.super.checkAnswer(httpStatus, body); // e.g. a proxy's problem+json
        }
    }

    /**
     * A FHIR server's 409 Conflict to a transaction is a write that met another one (HAPI's JPA server gives it to
     * the later of two transactions that conditionally create one organisation or client at once): tried again, the
     * transaction finds what the other one created, so it is retried rather than refused. To a message, 409 keeps
     * its meaning: refused.
     */
    @Override
    public void checkAnswer(PartnerDirectory.Partner partner, int httpStatus, String body) {
        if (httpStatus == 409 && partner.fhirMode() == PartnerDirectory.FhirMode.TRANSACTION) {
            throw new RecipientUnavailableException(DeliveryFailure.of(DeliveryFailure.Kind.UNAVAILABLE, httpStatus,
                    outcomeCodes(body).orElse(List.of())), RecipientFormat.answer(httpStatus, body));
        }
        checkAnswer(httpStatus, body);
    }

    /** The codes of the answer if it is an OperationOutcome. */
    private Optional<List<String>> outcomeCodes(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        IParser parser = body.stripLeading().startsWith("<") ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
        parser.setParserErrorHandler(new LenientErrorHandler(false)); // what it says matters, not whether it is perfect
        IBaseResource answer;
        try {
            answer = parser.parseResource(body);
        } catch (DataFormatException e) {
            return Optional.empty();
        }
        if (!(answer instanceof OperationOutcome outcome)) {
            return Optional.empty();
        }
        List<String> codes = new ArrayList<>();
        for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            if (issue.getCode() != null) {
                codes.add(issue.getCode().toCode());
            }
            issue.getDetails().getCoding().forEach(coding -> codes.add(coding.getCode()));
            issue.getExpression().forEach(expression -> codes.add(expression.getValue()));
        }
        return Optional.of(codes);
    }

    /** Where and which rule a validation error names, e.g. "Bundle.entry[1].resource.identifier[0] ketju-hetu-invalid". */
    private static String brokenRule(ValidationOutcome.Issue issue) {
        // HAPI's locations name the resource's id in a comment: /*Patient/p1*/
        return (issue.location().replaceAll("/\\*.*?\\*/", "") + " " + issue.rule()).strip();
    }

    private static String key(String mapping, PartnerDirectory.FhirMode mode) {
        return mapping + "|" + mode;
    }
}
