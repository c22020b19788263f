package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.CANONICAL_SCHEMA;
import static fi.ketju.mapping.MappingTestSupport.MAPPINGS_DIR;
import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.assertValidFhir;
import static fi.ketju.mapping.MappingTestSupport.mappingFile;
import static fi.ketju.mapping.MappingTestSupport.messageToTransactionBundle;
import static fi.ketju.mapping.MappingTestSupport.text;
import static fi.ketju.mapping.MappingTestSupport.toCanonical;
import static fi.ketju.mapping.MappingTestSupport.toFhir;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.impl.FileSystemResourceResolver;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.fhir.FhirTestSupport;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The health-care family's FHIR mappings: the partner samples (mappings/fhir/samples, JSON and XML) read as the door
 * reads them into the canonical message, and the canonical samples as the FHIR message Bundles health care receives;
 * each compared with a golden file and validated as the hub validates.
 */
class HealthCareFhirMappingsTest {

    private static final Path FHIR_SAMPLES = MAPPINGS_DIR.resolve("fhir/samples");
    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);

    private static FhirContext fhirContext;
    private static FhirResourceValidator validator;

    /** Once for the class: the validator warms up while it is built, which takes seconds. */
    @BeforeAll
    static void createValidator() {
        fhirContext = FhirTestSupport.fhirContext();
        validator = FhirTestSupport.validator(fhirContext, MAPPINGS_DIR);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"referral.json", "referral.xml", "assessment-summary.json", "assessment-summary.xml"})
    void partnerSampleIsValidFhirWithZeroErrors(String sample) {
        assertValidFhir(validator, FhirTestSupport.readMessage(fhirContext, FHIR_SAMPLES.resolve(sample)), sample);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"referral, json", "referral, xml", "assessment-summary, json", "assessment-summary, xml"})
    void partnerSampleMapsToTheGoldenCanonicalMessageThatMeetsTheSchema(String type, String format) {
        JsonNode canonical = fhirSampleToCanonical(type, format);

        assertMatchesGolden(canonical, "fhir/" + type + ".canonical.json");
        assertThat(SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"referral", "assessment-summary", "benefit-status"})
    void canonicalSampleMapsToTheGoldenMessageBundleWithZeroErrors(String type) {
        JsonNode bundle = toFhir("fhir/" + type + "-to-message-bundle.jslt", mappingFile("canonical/samples/" + type + ".json"));

        assertMatchesGolden(bundle, "fhir/" + type + ".sample.message-bundle.json");
        assertValidFhir(validator, parsed(bundle), type + " message bundle");
    }

    /** What a plain FHIR server (fhir-mode: transaction) receives of each canonical sample. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"referral", "assessment-summary", "benefit-status"})
    void canonicalSampleMapsToTheGoldenTransactionBundleWithZeroErrors(String type) {
        JsonNode transaction = messageToTransactionBundle(
                toFhir("fhir/" + type + "-to-message-bundle.jslt", mappingFile("canonical/samples/" + type + ".json")));

        assertMatchesGolden(transaction, "fhir/" + type + ".sample.transaction-bundle.json");
        assertValidFhir(validator, parsed(transaction), type + " transaction bundle");
    }

    /**
     * The identifier a transaction's conditional create matches on has R4's cardinality in the JSON sent: one object
     * where R4 allows one (Composition, QuestionnaireResponse), a list elsewhere. HAPI's parser reads either, so only
     * the JSON itself shows it.
     */
    @Test
    void assessmentSummaryTransactionGivesEachResourceItsIdentifierInItsR4Form() {
        JsonNode transaction = messageToTransactionBundle(toFhir("fhir/assessment-summary-to-message-bundle.jslt",
                mappingFile("canonical/samples/assessment-summary.json")));

        assertThat(transaction.path("entry")).isNotEmpty().allSatisfy(entry -> {
            JsonNode resource = entry.path("resource");
            boolean singular = List.of("Composition", "QuestionnaireResponse").contains(resource.path("resourceType").asText());
            JsonNode identifier = singular ? resource.path("identifier") : resource.path("identifier").path(0);
            assertThat(resource.path("identifier").isArray()).as("%s.identifier is a list", resource.path("resourceType")).isNotEqualTo(singular);
            assertThat(entry.at("/request/ifNoneExist").asText())
                    .isEqualTo("identifier=" + identifier.path("system").asText() + "|" + identifier.path("value").asText());
        });
    }

    /** What health care sends and what it receives are one format: the summary survives the trip both ways. */
    @Test
    void assessmentSummaryMapsToFhirAndBackUnchanged() {
        ObjectNode sample = mappingFile("canonical/samples/assessment-summary.json");
        JsonNode bundle = toFhir("fhir/assessment-summary-to-message-bundle.jslt", sample);

        ObjectNode back = (ObjectNode) toCanonical("fhir/assessment-summary-to-canonical.jslt", bundle);

        for (String hubField : List.of("messageId", "senderMessageId", "chainId", "receivedAt", "recipients")) {
            sample.remove(hubField);
            back.remove(hubField);
        }
        assertThat(back).isEqualTo(sample);
    }

    /** domain.md: ICF category as the code, qualifier as the value, never glued together. */
    @Test
    void assessmentSummaryHasOneObservationPerIcfItemWithTheQualifierAsItsValue() {
        Bundle bundle = parsed(toFhir("fhir/assessment-summary-to-message-bundle.jslt",
                mappingFile("canonical/samples/assessment-summary.json")));

        List<String> icfItems = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(observation -> "http://hl7.org/fhir/sid/icf".equals(observation.getCode().getCodingFirstRep().getSystem()))
                .map(observation -> observation.getCode().getCodingFirstRep().getCode() + "="
                        + observation.getValueCodeableConcept().getCodingFirstRep().getCode())
                .toList();
        assertThat(icfItems).containsExactly("d850=3", "d240=2", "b130=2");
    }

    /** Euro amounts go only to a recipient entitled to them (domain.md): never to health care. */
    @Test
    void benefitStatusLeavesTheEuroAmountOut() {
        ObjectNode sample = mappingFile("canonical/samples/benefit-status.json");
        String amount = sample.at("/payload/amountEur").asText();

        assertThat(text(toFhir("fhir/benefit-status-to-message-bundle.jslt", sample))).doesNotContain(amount);
    }

    /** fhir:business-id reads the sender's business ID back from the OID that fhir:business-id-oid writes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "urn:oid:1.2.246.10.12345671,      1234567-1",
            "urn:oid:1.2.246.10.2048198,       0204819-8",
            "urn:oid:1.2.246.10.12345671.10.7, null",
            "urn:oid:1.2.246.21,               null",
            "1.2.246.10.12345671,              null"})
    void businessIdIsReadBackFromItsOid(String oid, String businessId) {
        JsonNode read = function("fhir:business-id(.)", TextNode.valueOf(oid));

        assertThat(read.isNull() ? null : read.asText()).isEqualTo(businessId);
        if (businessId != null) {
            assertThat(function("fhir:business-id-oid(.)", TextNode.valueOf(businessId)).asText()).isEqualTo(oid);
        }
    }

    private static JsonNode fhirSampleToCanonical(String type, String format) {
        JsonNode message = FhirTestSupport.messageAsMappingInput(fhirContext, FHIR_SAMPLES.resolve(type + "." + format));
        return toCanonical("fhir/" + type + "-to-canonical.jslt", message);
    }

    private static JsonNode function(String call, JsonNode input) {
        return new Parser(new StringReader("import \"fhir/functions.jslt\" as fhir " + call))
                .withResourceResolver(new FileSystemResourceResolver(MAPPINGS_DIR))
                .compile().apply(input);
    }

    private static Bundle parsed(JsonNode bundle) {
        return fhirContext.newJsonParser().parseResource(Bundle.class, text(bundle));
    }
}
