package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.CANONICAL_SCHEMA;
import static fi.ketju.mapping.MappingTestSupport.HUB_MESSAGE_ID;
import static fi.ketju.mapping.MappingTestSupport.MAPPINGS_DIR;
import static fi.ketju.mapping.MappingTestSupport.MESSAGE_BUNDLE_GOLDEN;
import static fi.ketju.mapping.MappingTestSupport.CANONICAL_GOLDEN;
import static fi.ketju.mapping.MappingTestSupport.TRANSACTION_BUNDLE_GOLDEN;
import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.canonicalToMessageBundle;
import static fi.ketju.mapping.MappingTestSupport.golden;
import static fi.ketju.mapping.MappingTestSupport.holesIn;
import static fi.ketju.mapping.MappingTestSupport.json;
import static fi.ketju.mapping.MappingTestSupport.messageToTransactionBundle;
import static fi.ketju.mapping.MappingTestSupport.text;
import static fi.ketju.mapping.MappingTestSupport.with;
import static fi.ketju.mapping.MappingTestSupport.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.fhir.FhirResourceValidator;
import fi.ketju.fhir.FhirTestSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fhir/referral-to-message-bundle.jslt and fhir/message-to-transaction.jslt: the canonical referral as the FHIR
 * Bundles a health-care partner receives, compared with golden files and validated as the hub validates them
 * before delivery.
 */
class CanonicalReferralToFhirTest {

    private static final String HETU_SYSTEM = "urn:oid:1.2.246.21";
    private static final String TURVAKIELTO_SYSTEM =
            "https://hl7.fi/fhir/finnish-base-profiles/CodeSystem/fi-base-security-label-cs";

    private static FhirContext fhirContext;
    private static FhirResourceValidator validator;

    /** Once for the class: the validator warms up while it is built, which takes seconds. */
    @BeforeAll
    static void createValidator() {
        fhirContext = FhirTestSupport.fhirContext();
        validator = FhirTestSupport.validator(fhirContext, MAPPINGS_DIR);
    }

    @Test
    void goldenCanonicalReferralMapsToTheGoldenMessageBundle() {
        assertMatchesGolden(canonicalToMessageBundle(golden(CANONICAL_GOLDEN)), MESSAGE_BUNDLE_GOLDEN);
    }

    @Test
    void messageBundleIsValidFhir() {
        assertValidFhir(canonicalToMessageBundle(golden(CANONICAL_GOLDEN)), "message bundle");
    }

    /** What the golden file must keep however it is regenerated (domain.md, FHIR R4 conventions in Finland). */
    @Test
    void messageBundleFollowsTheFinnishConventions() {
        Bundle bundle = parsed(canonicalToMessageBundle(golden(CANONICAL_GOLDEN)));

        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        assertThat(header.getEventCoding().getSystem()).isEqualTo("https://ketju.fi/fhir/CodeSystem/message-event");
        assertThat(header.getEventCoding().getCode()).isEqualTo("referral");

        ServiceRequest referral = single(bundle, ServiceRequest.class);
        assertThat(header.getFocusFirstRep().getReference()).isEqualTo(fullUrlOf(bundle, referral));
        assertThat(referral.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
        assertThat(referral.getCategoryFirstRep().getCodingFirstRep())
                .returns("http://snomed.info/sct", Coding::getSystem).returns("3457005", Coding::getCode);
        assertThat(referral.getReasonCodeFirstRep().getCodingFirstRep())
                .returns("urn:oid:1.2.246.537.6.1.1999", Coding::getSystem).returns("F32.1", Coding::getCode);

        Patient patient = single(bundle, Patient.class);
        assertThat(patient.getIdentifierFirstRep())
                .returns(Identifier.IdentifierUse.OFFICIAL, Identifier::getUse)
                .returns(HETU_SYSTEM, Identifier::getSystem)
                .returns("010181-900C", Identifier::getValue);
        Coding municipality = (Coding) patient
                .getExtensionByUrl("https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code")
                .getValue();
        assertThat(municipality).returns("urn:oid:1.2.246.537.6.21", Coding::getSystem).returns("837", Coding::getCode);

        // ICF: the category as the code, the qualifier as a value of its own, never glued together.
        Map<String, String> qualifierByIcfCode = new LinkedHashMap<>();
        for (Observation observation : all(bundle, Observation.class)) {
            Coding code = observation.getCode().getCodingFirstRep();
            if ("http://hl7.org/fhir/sid/icf".equals(code.getSystem())) {
                Coding qualifier = observation.getValueCodeableConcept().getCodingFirstRep();
                assertThat(qualifier.getSystem()).isEqualTo("https://ketju.fi/fhir/CodeSystem/icf-qualifier");
                qualifierByIcfCode.put(code.getCode(), qualifier.getCode());
            }
        }
        assertThat(qualifierByIcfCode).containsExactly(Map.entry("d850", "3"), Map.entry("d240", "2"));
    }

    @Test
    void goldenMessageBundleMapsToTheGoldenTransactionBundle() {
        assertMatchesGolden(messageToTransactionBundle(golden(MESSAGE_BUNDLE_GOLDEN)), TRANSACTION_BUNDLE_GOLDEN);
    }

    @Test
    void transactionBundleIsValidFhir() {
        assertValidFhir(messageToTransactionBundle(golden(MESSAGE_BUNDLE_GOLDEN)), "transaction bundle");
    }

    /** A plain FHIR server gets conditional creates only, so a redelivery creates nothing a second time. */
    @Test
    void transactionBundleCreatesEveryResourceConditionallyAndCarriesNoMessageHeader() {
        Bundle transaction = parsed(messageToTransactionBundle(golden(MESSAGE_BUNDLE_GOLDEN)));

        assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(all(transaction, MessageHeader.class)).isEmpty();
        assertThat(transaction.getEntry()).extracting(entry -> entry.getRequest().getIfNoneExist())
                .doesNotContainNull().doesNotHaveDuplicates();
        assertThat(entryOf(transaction, single(transaction, Patient.class)).getRequest().getIfNoneExist())
                .isEqualTo("identifier=" + HETU_SYSTEM + "|010181-900C");
        assertThat(entryOf(transaction, single(transaction, ServiceRequest.class)).getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn:ietf:rfc:3986|urn:uuid:" + HUB_MESSAGE_ID);
    }

    /**
     * ifNoneExist is a URL's query with FHIR token values: a raw '+' (the century sign of a hetu born in the 1800s)
     * would read as a space and the created Patient would not match it; FHIR's separators in a value are escaped.
     */
    @Test
    void conditionalCreatesEscapeWhatAQueryOrATokenWouldReadOtherwise() {
        ObjectNode bornIn1899 = with(golden(CANONICAL_GOLDEN), "/subject/hetu", "150299+9062");
        ObjectNode temporary = without(golden(CANONICAL_GOLDEN), "/subject/hetu");
        ObjectNode temporaryId = ((ObjectNode) temporary.get("subject")).putObject("temporaryId");
        temporaryId.put("system", "urn:oid:1.2.246.10.12345671.22.2026").put("value", "a,b|c$d\\e&f g#h%i");

        assertThat(patientCondition(bornIn1899)).isEqualTo("identifier=" + HETU_SYSTEM + "|150299%2B9062");
        assertThat(patientCondition(temporary))
                .isEqualTo("identifier=urn:oid:1.2.246.10.12345671.22.2026|a%5C,b%5C|c%5C$d%5C%5Ce%26f%20g%23h%25i");
    }

    private static String patientCondition(ObjectNode canonical) {
        Bundle transaction = parsed(messageToTransactionBundle(canonicalToMessageBundle(canonical)));
        return entryOf(transaction, single(transaction, Patient.class)).getRequest().getIfNoneExist();
    }

    /** Turvakielto: address and contact data never leave the hub (domain.md, Data protection). */
    @Test
    void turvakieltoMarksThePatientAndKeepsAddressAndPhoneInTheHub() {
        ObjectNode canonical = with(golden(CANONICAL_GOLDEN), "/subject/nonDisclosure", BooleanNode.TRUE);
        String address = canonical.at("/subject/contact/address").asText();
        String phone = canonical.at("/subject/contact/phone").asText();

        JsonNode messageBundle = canonicalToMessageBundle(canonical);
        JsonNode transaction = messageToTransactionBundle(messageBundle);

        assertValidFhir(messageBundle, "turvakielto message bundle");
        assertValidFhir(transaction, "turvakielto transaction bundle");
        Patient patient = single(parsed(messageBundle), Patient.class);
        assertThat(patient.getMeta().getSecurity()).singleElement()
                .returns(TURVAKIELTO_SYSTEM, Coding::getSystem).returns("TURVAKIELTO", Coding::getCode);
        JsonNode patientJson = patientIn(messageBundle);
        assertThat(patientJson.findParents("address")).as("addresses in the Patient").isEmpty();
        assertThat(patientJson.findParents("telecom")).as("telecoms in the Patient").isEmpty();
        for (JsonNode bundle : List.of(messageBundle, transaction)) {
            assertThat(text(bundle)).doesNotContain(address).doesNotContain(phone);
        }
    }

    /** A client without a HETU keeps their temporary id, never under the HETU system (domain.md, FHIR R4 conventions). */
    @Test
    void clientWithATemporaryIdIsIdentifiedByItAndNotAsAHetu() {
        String system = "urn:oid:1.2.246.10.12345671.22.2026";
        ObjectNode canonical = with(without(golden(CANONICAL_GOLDEN), "/subject/hetu"), "/subject/temporaryId",
                json("""
                        { "system": "%s", "value": "TEMP-000123" }""".formatted(system)));
        assertThat(MappingTestSupport.schemas(true).validate(CANONICAL_SCHEMA, canonical))
                .as("the hub accepts this canonical message").isEmpty();

        JsonNode messageBundle = canonicalToMessageBundle(canonical);
        JsonNode transaction = messageToTransactionBundle(messageBundle);

        assertValidFhir(messageBundle, "temporary id message bundle");
        assertThat(single(parsed(messageBundle), Patient.class).getIdentifier()).singleElement()
                .returns(Identifier.IdentifierUse.TEMP, Identifier::getUse)
                .returns(system, Identifier::getSystem)
                .returns("TEMP-000123", Identifier::getValue);
        Bundle parsedTransaction = parsed(transaction);
        assertThat(entryOf(parsedTransaction, single(parsedTransaction, Patient.class)).getRequest().getIfNoneExist())
                .isEqualTo("identifier=" + system + "|TEMP-000123");
        assertThat(text(messageBundle)).doesNotContain(HETU_SYSTEM);
    }

    static Stream<Arguments> referralsWithoutOptionalFields() {
        return Stream.of(
                arguments(named("no professional, diagnoses, goal or language", List.of(
                        "/sender/professional", "/payload/diagnoses", "/payload/goal", "/subject/language"))),
                arguments(named("only what the canonical schema requires", List.of(
                        "/sender/organisation/soteOid", "/sender/organisation/name", "/sender/unit",
                        "/sender/professional", "/subject/name", "/subject/municipalityCode", "/subject/language",
                        "/subject/interpreterNeeded", "/subject/nonDisclosure", "/subject/contact",
                        "/payload/diagnoses", "/payload/functionalLimitations", "/payload/goal",
                        "/payload/benefitContext", "/payload/contactPerson"))));
    }

    /** JSLT keeps the null of a false {@code if} inside an array: FHIR JSON allows neither nulls nor empty arrays. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("referralsWithoutOptionalFields")
    void referralWithoutOptionalFieldsMakesValidBundlesWithoutNullsOrEmptyArrays(List<String> missing) {
        ObjectNode canonical = without(golden(CANONICAL_GOLDEN), missing.toArray(String[]::new));
        assertThat(MappingTestSupport.schemas(true).validate(CANONICAL_SCHEMA, canonical))
                .as("the hub accepts this canonical message").isEmpty();

        JsonNode messageBundle = canonicalToMessageBundle(canonical);
        JsonNode transaction = messageToTransactionBundle(messageBundle);

        assertThat(holesIn(messageBundle)).as("nulls and empty arrays or objects").isEmpty();
        assertThat(holesIn(transaction)).as("nulls and empty arrays or objects").isEmpty();
        assertValidFhir(messageBundle, "message bundle without optional fields");
        assertValidFhir(transaction, "transaction bundle without optional fields");
    }

    /** Strictly, as the hub parses before it validates: an unknown element or an invalid value fails. */
    private static Bundle parsed(JsonNode bundle) {
        return fhirContext.newJsonParser().parseResource(Bundle.class, text(bundle));
    }

    private static void assertValidFhir(JsonNode bundle, String label) {
        MappingTestSupport.assertValidFhir(validator, parsed(bundle), label);
    }

    private static <T> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static <T> T single(Bundle bundle, Class<T> type) {
        List<T> resources = all(bundle, type);
        assertThat(resources).as("%s entries", type.getSimpleName()).hasSize(1);
        return resources.get(0);
    }

    private static BundleEntryComponent entryOf(Bundle bundle, Object resource) {
        return bundle.getEntry().stream().filter(entry -> entry.getResource() == resource).findFirst().orElseThrow();
    }

    private static String fullUrlOf(Bundle bundle, Object resource) {
        return entryOf(bundle, resource).getFullUrl();
    }

    private static JsonNode patientIn(JsonNode bundle) {
        for (JsonNode entry : bundle.path("entry")) {
            if ("Patient".equals(entry.at("/resource/resourceType").asText())) {
                return entry.path("resource");
            }
        }
        throw new AssertionError("no Patient entry");
    }
}
