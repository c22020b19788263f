package fi.ketju.mapping;

import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.fromCanonical;
import static fi.ketju.mapping.MappingTestSupport.holesIn;
import static fi.ketju.mapping.MappingTestSupport.json;
import static fi.ketju.mapping.MappingTestSupport.mappingFile;
import static fi.ketju.mapping.MappingTestSupport.text;
import static fi.ketju.mapping.MappingTestSupport.toCanonical;
import static fi.ketju.mapping.MappingTestSupport.with;
import static fi.ketju.mapping.MappingTestSupport.without;
import static fi.ketju.mapping.MappingTestSupport.withoutOptionalFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound mappings of the JSON families (social care, employment services), found where delivery finds them, in
 * mappings/translations.yaml: each canonical sample (mappings/canonical/samples/) as the family's own message,
 * compared with a golden file under golden/{family}/outbound/ and checked against the family's schema, as delivery
 * checks it before a message may leave.
 */
class CanonicalToJsonFamiliesTest {

    private static final List<String> FAMILIES = List.of("social-care", "employment");
    private static final List<String> TYPES = List.of("referral", "assessment-summary", "benefit-status");

    private static final TranslationTable TRANSLATIONS = MappingTestSupport.translations();
    private static final JsonSchemas SCHEMAS = MappingTestSupport.schemas(true);
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    static Stream<Arguments> familiesAndTypes() {
        return FAMILIES.stream().flatMap(family -> TYPES.stream().map(type -> arguments(family, type)));
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("familiesAndTypes")
    void canonicalSampleMapsToTheGoldenFamilyMessage(String family, String type) {
        assertMatchesGolden(toFamily(family, canonicalSample(type)), family + "/outbound/" + type + ".json");
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("familiesAndTypes")
    void familyMessageOfTheCanonicalSampleMeetsTheFamilySchema(String family, String type) {
        assertValidMessage(family, canonicalSample(type));
    }

    /**
     * The disclosure policy may remove any optional field before the mapping runs: what is left must still make a
     * valid message, without nulls (JSLT keeps the null of a false {@code if} inside an array) or empty containers.
     */
    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("familiesAndTypes")
    void canonicalSampleWithoutAnyOptionalFieldStillMapsToAValidMessage(String family, String type) {
        ObjectNode minimal = withoutOptionalFields(canonicalSample(type));
        assertThat(minimal.path("subject").properties()).extracting(Map.Entry::getKey)
                .as("what is left of the client").containsExactly("hetu");

        assertValidMessage(family, minimal);
    }

    /**
     * The least any recipient gets: no optional field, and every data category of mappings/disclosure-policy.yaml
     * withheld, even those the canonical schema requires (the policy may withhold a referral's reason).
     */
    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("familiesAndTypes")
    void canonicalSampleWithEveryDisclosureCategoryWithheldStillMapsToAValidMessage(String family, String type) {
        assertValidMessage(family, withoutDisclosureCategories(withoutOptionalFields(canonicalSample(type))));
    }

    @ParameterizedTest(name = "{1} to {0}")
    @MethodSource("familiesAndTypes")
    void clientWithATemporaryIdIsIdentifiedByIt(String family, String type) {
        ObjectNode canonical = with(without(canonicalSample(type), "/subject/hetu"), "/subject/temporaryId", json("""
                { "system": "urn:oid:1.2.246.10.12345671.22.2026", "value": "TEMP-000123" }"""));

        assertThat(text(assertValidMessage(family, canonical)))
                .contains("urn:oid:1.2.246.10.12345671.22.2026", "TEMP-000123").doesNotContain("010181-900C");
    }

    @ParameterizedTest
    @ValueSource(strings = {"social-care", "employment"})
    void statutoryLegalBasisCarriesItsStatute(String family) {
        ObjectNode canonical = with(canonicalSample("referral"), "/payload/legalBasis", json("""
                { "kind": "statutory", "statute": "Client Data Act 703/2023" }"""));

        assertThat(text(assertValidMessage(family, canonical))).contains("Client Data Act 703/2023");
    }

    @ParameterizedTest
    @ValueSource(strings = {"social-care", "employment"})
    void sicknessAllowanceCheckpointIsCarried(String family) {
        ObjectNode canonical = with(canonicalSample("benefit-status"), "/payload/checkpoint", json("""
                { "paidDays": 90, "action": "Työterveyshuollon lausunto jäljellä olevasta työkyvystä tarvitaan." }"""));

        assertThat(text(assertValidMessage(family, canonical)))
                .contains("Työterveyshuollon lausunto jäljellä olevasta työkyvystä tarvitaan.");
    }

    /** The family's inbound and outbound referral mappings agree: a referral makes the round trip unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"social-care", "employment"})
    void referralComesBackUnchangedThroughTheFamilysInboundMapping(String family) {
        ObjectNode canonical = canonicalSample("referral");

        JsonNode back = toCanonical(TRANSLATIONS.inbound(family, "referral").orElseThrow(), toFamily(family, canonical));

        assertThat(back.path("payload")).isEqualTo(canonical.path("payload"));
        assertThat(back.path("subject")).isEqualTo(canonical.path("subject"));
        assertThat(back.at("/sender/organisation")).isEqualTo(canonical.at("/sender/organisation"));
        assertThat(back.at("/sender/professional")).isEqualTo(canonical.at("/sender/professional"));
    }

    static Stream<Arguments> canonicalCodes() {
        return Stream.of(
                codeList("referral", "/payload/service", "referral.schema.json#/properties/service/enum",
                        "/referral/service", "/lahete/palvelu"),
                codeList("referral", "/payload/urgency", "referral.schema.json#/properties/urgency/enum",
                        "/referral/urgency", "/lahete/kiireellisyys"),
                codeList("referral", "/payload/employmentStatus", "referral.schema.json#/properties/employmentStatus/enum",
                        "/referral/employment_status", "/lahete/tyomarkkinatilanne"),
                codeList("referral", "/payload/legalBasis/consentScope/0",
                        "referral.schema.json#/properties/legalBasis/properties/consentScope/items/enum",
                        "/referral/legal_basis/consent_recipients/0", "/lahete/oikeusperuste/suostumus_vastaanottajat/0"),
                codeList("referral", "/sender/partner", "message.schema.json#/$defs/sender/properties/partner/enum",
                        "/sender/partner", "/lahettaja/osapuoli"),
                codeList("assessment-summary", "/payload/workAbility/conclusion",
                        "assessment-summary.schema.json#/properties/workAbility/properties/conclusion/enum",
                        "/assessment_summary/work_ability/conclusion", "/tyokykyarvio/tyokyky/johtopaatos"),
                codeList("assessment-summary", "/payload/recommendations/0",
                        "assessment-summary.schema.json#/properties/recommendations/items/enum",
                        "/assessment_summary/recommendations/0", "/tyokykyarvio/suositukset/0"),
                codeList("assessment-summary", "/payload/instruments/0/instrument",
                        "assessment-summary.schema.json#/properties/instruments/items/properties/instrument/enum",
                        "/assessment_summary/instruments/0/instrument", "/tyokykyarvio/mittarit/0/mittari"),
                codeList("benefit-status", "/payload/benefitType", "benefit-status.schema.json#/properties/benefitType/enum",
                        "/benefit_status/benefit_type", "/etuustilanne/etuus"),
                codeList("benefit-status", "/payload/status", "benefit-status.schema.json#/properties/status/enum",
                        "/benefit_status/status", "/etuustilanne/tila"))
                .flatMap(codes -> codes);
    }

    /** Every value of a canonical code list has its code in each family's list; a missing one would stop delivery. */
    @ParameterizedTest(name = "{0} {1} {2} to {3}")
    @MethodSource("canonicalCodes")
    void everyCanonicalCodeHasTheFamilysCode(String type, String canonicalField, String code, String family, String familyField) {
        JsonNode message = assertValidMessage(family, withCode(canonicalSample(type), canonicalField, code));

        assertThat(message.at(familyField).isTextual()).as("%s in the %s message", familyField, family).isTrue();
    }

    /** One row per value of the canonical code list at {@code enumLocation} (file under canonical/ # JSON Pointer), per family. */
    private static Stream<Arguments> codeList(String type, String canonicalField, String enumLocation, String socialCareField,
            String employmentField) {
        String[] location = enumLocation.split("#");
        JsonNode values = mappingFile("canonical/" + location[0]).at(location[1]);
        assertThat(values.isArray()).as(enumLocation).isTrue();
        return StreamSupport.stream(values.spliterator(), false).map(JsonNode::asText).flatMap(code -> Stream.of(
                arguments(type, canonicalField, code, "social-care", socialCareField),
                arguments(type, canonicalField, code, "employment", employmentField)));
    }

    /** The canonical message with {@code code} at {@code field}; a field ending in /0 is a list, given the code alone. */
    private static ObjectNode withCode(ObjectNode canonical, String field, String code) {
        return field.endsWith("/0")
                ? with(canonical, field.substring(0, field.length() - 2), json("[\"" + code + "\"]"))
                : with(canonical, field, code);
    }

    /** {@code canonical} without every data category the disclosure policy names for its type. */
    private static JsonNode withoutDisclosureCategories(ObjectNode canonical) {
        JsonNode categories = MappingTestSupport.mappingsSettings().readYaml("disclosure-policy.yaml").path("categories");
        DocumentContext document = JsonPath.using(JSON_PATH).parse(canonical.deepCopy());
        for (String scope : List.of("any", canonical.path("type").asText())) {
            for (JsonNode paths : categories.path(scope)) {
                // Only what is there: json-path fails to delete a path that matches nothing.
                paths.forEach(path -> {
                    if (document.read(path.asText()) != null) {
                        document.delete(path.asText());
                    }
                });
            }
        }
        return document.json();
    }

    private static ObjectNode canonicalSample(String type) {
        return mappingFile("canonical/samples/" + type + ".json");
    }

    private static JsonNode toFamily(String family, JsonNode canonical) {
        String type = canonical.path("type").asText();
        String mapping = TRANSLATIONS.outbound(family, type)
                .orElseThrow(() -> new AssertionError("no outbound." + family + "." + type + " in translations.yaml"));
        return fromCanonical(mapping, canonical, family);
    }

    /** The family's message for {@code canonical}, checked as delivery checks it, and free of nulls and empty containers. */
    private static JsonNode assertValidMessage(String family, JsonNode canonical) {
        JsonNode message = toFamily(family, canonical);
        assertThat(holesIn(message)).as("nulls and empty arrays or objects in %s", text(message)).isEmpty();
        String schema = TRANSLATIONS.outbound(family, "schema")
                .orElseThrow(() -> new AssertionError("no outbound." + family + ".schema in translations.yaml"));
        assertThat(SCHEMAS.validate(schema, message)).as("%s breaks %s", text(message), schema).isEmpty();
        return message;
    }
}
