package fi.ketju.kela;

import static fi.ketju.mapping.MappingTestSupport.assertMatchesGolden;
import static fi.ketju.mapping.MappingTestSupport.assertTextMatchesGolden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.UndeliverableException;
import fi.ketju.mapping.JsonSchemas;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.MappingTestSupport;
import fi.ketju.mapping.XmlSchemas;
import fi.ketju.mapping.MappingSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Kela mappings (mappings/kela/): Kela's sample benefit status as a canonical message, and each canonical
 * sample as the X-Road request Kela gets, both against golden files and the schemas of both sides.
 */
class KelaMappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MappingSet MAPPINGS = MappingTestSupport.mappingSet();
    private static final XmlSchemas XML_SCHEMAS = MappingTestSupport.xmlSchemas(true);
    private static final JsonSchemas JSON_SCHEMAS = MappingTestSupport.schemas(true);
    private static final String KELA_SCHEMA = "kela/messages.xsd";
    private static final String CANONICAL_SCHEMA = "canonical/message.schema.json";
    /** As application.yaml has them by default. */
    private static final XRoadSettings XROAD = new XRoadSettings(
            new XRoadSettings.XRoadIdentifier("FI", "GOV", "1234567-1", "ketju", null),
            new XRoadSettings.XRoadIdentifier("FI", "GOV", "0246246-0", "ketju", "v1"));
    private static final KelaRecipientFormat FORMAT = new KelaRecipientFormat(JSON, XML_SCHEMAS,
            MappingTestSupport.translations(), XROAD);
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider()).mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS) // a category the message lacks reads as null
            .build();
    private static final PartnerDirectory.Partner KELA = new PartnerDirectory.Partner(
            URI.create("http://localhost/sandbox/kela"), PartnerDirectory.Format.KELA, null, List.of("0246246-0"));

    @Test
    void sampleBenefitStatusMapsToTheGoldenCanonicalMessage() throws Exception {
        assertMatchesGolden(toCanonical(KelaSamples.benefitStatus()), "kela/benefit-status.canonical.json");
    }

    @Test
    void canonicalMessageOfTheSampleMeetsTheCanonicalSchema() throws Exception {
        assertThat(JSON_SCHEMAS.validate(CANONICAL_SCHEMA, toCanonical(KelaSamples.benefitStatus()))).isEmpty();
    }

    @Test
    void withoutAChainFromKelaTheHubDecidesIt() throws Exception {
        // Kela does not know the hub's chains (the sample names none): the intake joins the client's chain.
        assertThat(toCanonical(KelaSamples.benefitStatus()).path("chainId").asText()).isEqualTo("new-chain");
    }

    @ParameterizedTest
    @MethodSource("kelaBenefitCodes")
    void everyKelaBenefitCodeMapsToACanonicalOne(String element, String kelaCode) throws Exception {
        Document sample = KelaSamples.benefitStatus();
        KelaSamples.kelaElement(sample, element).setTextContent(kelaCode);

        JsonNode canonical = toCanonical(sample);

        assertThat(JSON_SCHEMAS.validate(CANONICAL_SCHEMA, canonical)).isEmpty();
        assertThat(kelaCode(translate(canonical), element)).as("back to Kela").isEqualTo(kelaCode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"referral", "assessment-summary", "benefit-status"})
    void canonicalSampleMapsToTheGoldenKelaRequestWhoseBodyMeetsTheKelaSchema(String type) throws Exception {
        String request = translate(canonicalSample(type));

        assertTextMatchesGolden(request, "kela/" + type + ".request.xml");
        assertThat(XML_SCHEMAS.validate(KELA_SCHEMA, body(request))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("canonicalCodes")
    void everyCanonicalCodeMapsToAKelaCodeTheKelaSchemaAccepts(String type, String field, String canonicalCode)
            throws Exception {
        ObjectNode canonical = canonicalSample(type);
        JsonPointer pointer = JsonPointer.compile(field);
        JsonNode parent = canonical.at(pointer.head());
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(pointer.last().getMatchingProperty()),
                    canonicalCode);
        } else {
            ((ObjectNode) parent).put(pointer.last().getMatchingProperty(), canonicalCode);
        }

        assertThat(XML_SCHEMAS.validate(KELA_SCHEMA, body(translate(canonical)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"referral", "assessment-summary", "benefit-status"})
    void aMessageWithOnlyTheCanonicalRequiredFieldsMapsToAValidKelaRequestWithoutEmptyElements(String type)
            throws Exception {
        Element body = body(translate(MappingTestSupport.withoutOptionalFields(canonicalSample(type))));

        assertThat(XML_SCHEMAS.validate(KELA_SCHEMA, body)).isEmpty();
        NodeList empty = (NodeList) XPathFactory.newDefaultInstance().newXPath()
                .evaluate(".//*[not(node())]", body, XPathConstants.NODESET);
        assertThat(empty.getLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"referral", "assessment-summary"})
    void whateverTheDisclosurePolicyWithholdsWhatRemainsIsAValidKelaRequest(String type) throws Exception {
        JsonNode categories = new MappingSettings(Path.of("mappings")).readYaml("disclosure-policy.yaml").path("categories");
        DocumentContext message = JsonPath.using(JSON_PATH).parse(canonicalSample(type));
        for (String scope : List.of("any", type)) {
            assertThat(categories.path(scope).size()).as(scope).isPositive();
            categories.path(scope).forEach(paths -> paths.forEach(path -> {
                if (message.read(path.asText()) != null) { // as the policy does: deleting what is absent fails
                    message.delete(path.asText());
                }
            }));
        }

        assertThat(XML_SCHEMAS.validate(KELA_SCHEMA, body(translate(message.json())))).isEmpty();
    }

    @Test
    void kelaGetsNeitherClinicalNotesNorTheClientsContactData() throws Exception {
        ObjectNode canonical = canonicalSample("assessment-summary");

        String request = translate(canonical);

        assertThat(request)
                .doesNotContain(canonical.at("/payload/clinicalNotes").asText())
                .doesNotContain(canonical.at("/subject/contact/phone").asText())
                .doesNotContain(canonical.at("/subject/contact/address").asText());
    }

    @Test
    void aClientWithATemporaryIdIsIdentifiedByItNeverAsHetu() throws Exception {
        ObjectNode canonical = canonicalSample("referral");
        ObjectNode subject = (ObjectNode) canonical.path("subject");
        subject.remove("hetu");
        subject.putObject("temporaryId").put("system", "urn:oid:1.2.246.10.12345671.22.2026").put("value", "TMP-42");

        Element person = KelaSamples.kelaElement(body(translate(canonical)).getOwnerDocument(), "person");

        assertThat(person.getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, "hetu").getLength()).isZero();
        assertThat(person.getElementsByTagNameNS(KelaSamples.KELA_NAMESPACE, "value").item(0).getTextContent())
                .isEqualTo("TMP-42");
    }

    @Test
    void aMessageThatCannotBeAValidKelaRequestIsUndeliverableNamingFieldAndRule() throws Exception {
        ObjectNode canonical = canonicalSample("referral");
        ((ObjectNode) canonical.path("subject")).put("hetu", "010190-999Y"); // wrong check character

        assertThatThrownBy(() -> translate(canonical))
                .isInstanceOfSatisfying(UndeliverableException.class, invalid -> {
                    assertThat(invalid).hasMessageContaining("/Envelope/Body/Referral/person/hetu fi-hetu");
                    assertThat(invalid.detail()).contains("expected 'W'");
                });
    }

    static Stream<Arguments> kelaBenefitCodes() throws Exception {
        return Stream.concat(
                kelaCodes("BenefitType").stream().map(code -> Arguments.of("benefitType", code)),
                kelaCodes("BenefitStatusCode").stream().map(code -> Arguments.of("status", code)));
    }

    /** Every value the canonical schemas allow in each coded field that Kela gets. */
    static Stream<Arguments> canonicalCodes() {
        return Stream.of(
                        List.of("referral", "/payload/service", "referral", "/properties/service/enum"),
                        List.of("referral", "/payload/urgency", "referral", "/properties/urgency/enum"),
                        List.of("referral", "/payload/employmentStatus", "referral", "/properties/employmentStatus/enum"),
                        List.of("assessment-summary", "/payload/workAbility/conclusion", "assessment-summary",
                                "/properties/workAbility/properties/conclusion/enum"),
                        List.of("assessment-summary", "/payload/recommendations/0", "assessment-summary",
                                "/properties/recommendations/items/enum"),
                        List.of("benefit-status", "/payload/benefitType", "benefit-status", "/properties/benefitType/enum"),
                        List.of("benefit-status", "/payload/status", "benefit-status", "/properties/status/enum"))
                .flatMap(row -> {
                    JsonNode values = readJson(Path.of("mappings/canonical", row.get(2) + ".schema.json")).at(row.get(3));
                    assertThat(values.isArray()).as(row.get(3)).isTrue();
                    return Stream.iterate(0, i -> i < values.size(), i -> i + 1)
                            .map(i -> Arguments.of(row.get(0), row.get(1), values.get(i).asText()));
                });
    }

    private static List<String> kelaCodes(String simpleType) throws Exception {
        Document schema = HardenedXml.parse(Files.readAllBytes(Path.of("mappings", KELA_SCHEMA)));
        NodeList values = (NodeList) XPathFactory.newDefaultInstance().newXPath().evaluate(
                "//*[local-name()='simpleType'][@name='" + simpleType + "']//*[local-name()='enumeration']/@value",
                schema, XPathConstants.NODESET);
        assertThat(values.getLength()).as(simpleType).isPositive();
        return Stream.iterate(0, i -> i < values.getLength(), i -> i + 1).map(i -> values.item(i).getNodeValue()).toList();
    }

    private static JsonNode toCanonical(Document request) throws IOException {
        return JSON.readTree(MAPPINGS.xslt("kela/benefit-status-to-canonical.xsl", Map.of(
                "request", request,
                "messageId", "3f1c1d2e-0000-4000-8000-000000000003",
                "receivedAt", "2026-12-01T06:00:01Z",
                "newChainId", "new-chain")));
    }

    private static String translate(JsonNode canonical) {
        String type = canonical.path("type").asText();
        return FORMAT.translate(MAPPINGS, canonical, "kela/" + type + "-from-canonical.xsl", KELA, "kela").body();
    }

    private static Element body(String request) throws Exception {
        Document document = HardenedXml.parse(request.getBytes(StandardCharsets.UTF_8));
        return XRoadRequest.read(document, XROAD.kela()).body();
    }

    private static String kelaCode(String request, String element) throws Exception {
        return KelaSamples.kelaElement(body(request).getOwnerDocument(), element).getTextContent();
    }

    private static ObjectNode canonicalSample(String type) {
        return (ObjectNode) readJson(Path.of("mappings/canonical/samples", type + ".json"));
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
