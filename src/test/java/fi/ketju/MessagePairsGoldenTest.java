package fi.ketju;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.delivery.PartnerDirectory;
import fi.ketju.delivery.RecipientFormat;
import fi.ketju.disclosure.Disclosure;
import fi.ketju.disclosure.DisclosurePolicy;
import fi.ketju.fhir.FhirTestSupport;
import fi.ketju.mapping.MappingsInForce;
import fi.ketju.mapping.MappingTestSupport;
import fi.ketju.mapping.TranslationTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;

/**
 * Every (inbound family, message type) → recipient family pair the routing matrix can use, in one step as the
 * hub runs it: the family's sample through its inbound mapping, the recipient's disclosure policy, and the
 * recipient format's own mapping and validation. The output is compared with golden/pairs/. A partner never
 * receives its own message back, so those pairs do not exist.
 */
class MessagePairsGoldenTest extends HubIntegrationTest {

    private static final Map<String, String> VARIABLES = Map.of(
            "messageId", "3f1c1d2e-0000-4000-8000-0000000000aa",
            "receivedAt", "2026-11-23T07:15:01Z",
            "newChainId", "c0ffee00-0000-4000-8000-0000000000bb");

    @Autowired MappingsInForce mappings;
    @Autowired TranslationTable translations;
    @Autowired DisclosurePolicy policy;
    @Autowired PartnerDirectory partners;
    @Autowired List<RecipientFormat> formats;
    @Autowired FhirContext fhirContext;
    @Autowired ObjectMapper json;

    static Stream<Arguments> pairs() {
        Map<String, List<String>> samples = Map.of(
                "social-care", List.of("referral"),
                "employment", List.of("referral"),
                "health-care", List.of("referral", "assessment-summary"),
                "kela", List.of("benefit-status"));
        return samples.entrySet().stream().flatMap(sender -> sender.getValue().stream().flatMap(type ->
                Stream.of("social-care", "health-care", "employment", "kela")
                        .filter(recipient -> !recipient.equals(sender.getKey()))
                        .map(recipient -> Arguments.of(sender.getKey(), type, recipient))))
                .sorted((a, b) -> a.toString().compareTo(b.toString()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("pairs")
    void theSampleReachesTheRecipientAsItsGoldenFileAndValid(String sender, String type, String recipient) throws Exception {
        JsonNode canonical = inbound(sender, type);
        Disclosure disclosure = policy.apply(canonical, recipient);
        PartnerDirectory.Partner partner = partners.get(recipient);
        String mapping = translations.outbound(partner.format().key(), type).orElseThrow();
        RecipientFormat format = formats.stream().filter(f -> f.formats().contains(partner.format())).findFirst().orElseThrow();

        // translate() validates the output (HAPI, JSON Schema or XSD) and throws if it is not valid.
        RecipientFormat.Translation translation = format.translate(mappings.current(), disclosure.message(), mapping, partner, recipient);

        String golden = "pairs/" + sender + "-" + type + "-to-" + recipient + (partner.format() == PartnerDirectory.Format.KELA ? ".xml" : ".json");
        Path goldenFile = Path.of("src/test/resources/golden", golden);
        if (!Files.exists(goldenFile)) {
            Files.writeString(goldenFile, partner.format() == PartnerDirectory.Format.KELA ? translation.body()
                    : json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(translation.body())) + "\n");
            throw new AssertionError("created " + goldenFile + ": read it, check it, commit it");
        }
        if (partner.format() == PartnerDirectory.Format.KELA) {
            MappingTestSupport.assertTextMatchesGolden(translation.body(), golden);
        } else {
            MappingTestSupport.assertMatchesGolden(json.readTree(translation.body()), golden);
        }
        assertThat(translation.body()).as("a partner sample's own message id never reaches a recipient as the hub's")
                .contains(VARIABLES.get("messageId"));
    }

    /** The sender family's sample as its door maps it to canonical (fixed variables). */
    private JsonNode inbound(String sender, String type) throws Exception {
        String family = sender.equals("health-care") ? "fhir" : sender;
        String mapping = translations.inbound(family, sender.equals("kela") ? "BenefitStatus" : type).orElseThrow();
        Map<String, JsonNode> variables = Map.of(
                "messageId", json.valueToTree(VARIABLES.get("messageId")),
                "receivedAt", json.valueToTree(VARIABLES.get("receivedAt")),
                "newChainId", json.valueToTree(VARIABLES.get("newChainId")));
        return switch (sender) {
            case "health-care" -> mappings.current().jslt(mapping,
                    FhirTestSupport.messageAsMappingInput(fhirContext, Path.of("mappings/fhir/samples/" + type + ".json")), variables);
            case "kela" -> json.readTree(mappings.current().xslt(mapping, Map.of("request", xml("mappings/kela/samples/" + type + ".xml"),
                    "messageId", VARIABLES.get("messageId"), "receivedAt", VARIABLES.get("receivedAt"),
                    "newChainId", VARIABLES.get("newChainId"))));
            default -> mappings.current().jslt(mapping, json.readTree(Path.of("mappings/" + sender + "/samples/" + type + ".json").toFile()), variables);
        };
    }

    private static Document xml(String path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(Path.of(path).toFile());
    }
}
