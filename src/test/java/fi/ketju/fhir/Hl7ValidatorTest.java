package fi.ketju.fhir;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything Ketju emits on the FHIR side is valid to HL7's own validator ({@link Hl7Validator}), not only to the
 * hub's HAPI validation chain: the conformance resources it publishes, the message Bundles it delivers to health care
 * (the mapping golden samples' expected outputs), and every kind of answer of the FHIR door. Zero errors; the warnings
 * (best-practice hints, codes of systems it has no definition of) are counted and printed.
 */
class Hl7ValidatorTest extends HubIntegrationTest {

    private static final String DOOR = "/fhir/$process-message";
    private static final String TOKEN = "sandbox-health-care";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String FHIR_XML = "application/fhir+xml";
    private static final String XML_SAMPLE_MESSAGE_ID = "urn:uuid:9c4e2a10-3b7d-4f6a-8e21-5d0c4b7a0100";

    static Stream<Path> conformanceResources() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("mappings/fhir/conformance"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** What the hub delivers to health care, FHIR messaging and transaction, as the golden samples expect it. */
    static Stream<Path> deliveredBundles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/fhir"))) {
            return files.filter(file -> file.toString().endsWith("-bundle.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceResources")
    void conformanceResourcesAreValid(Path file) throws IOException {
        assertValid(file.toString(), Files.readString(file), List.of());
    }

    /**
     * fi-base (hl7.fhir.fi.base) is on neither Maven nor npm, so its extension definitions are not loaded: its domain
     * is allowed as the CLI's -extension allows one ({@link #withoutFiBaseTheMunicipalityExtensionIsUnknown}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveredBundles")
    void deliveredBundlesAreValid(Path file) throws IOException {
        assertValid(file.toString(), Files.readString(file), List.of(Hl7Validator.FI_BASE));
    }

    /** What the validator says of the fi-base extension without the package: exactly that, nothing else. */
    @Test
    void withoutFiBaseTheMunicipalityExtensionIsUnknown() throws IOException {
        Hl7Validator.Result result = Hl7Validator.get().validate(
                Files.readString(Path.of("src/test/resources/golden/fhir/referral.message-bundle.json")), List.of());

        System.out.println("HL7 validator without fi-base, referral.message-bundle.json: " + result.errors());
        assertThat(result.errors()).containsExactly("Bundle.entry[2].resource/*Patient/null*/.extension[0]: The extension "
                + "https://hl7.fi/fhir/finnish-base-profiles/StructureDefinition/municipality-code could not be found so is not allowed here");
    }

    /** Each kind of answer of the door: metadata, response messages (ok, fatal-error), OperationOutcomes (202, 4xx). */
    @Test
    void whatTheDoorAnswersIsValid() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("metadata JSON", get("/fhir/metadata", null));
        answers.put("metadata XML", HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(HubTestSupport.BASE + "/fhir/metadata"))
                .header("Accept", FHIR_XML).build(), HttpResponse.BodyHandlers.ofString()));
        answers.put("synchronous ok JSON", post(DOOR, TOKEN, FHIR_JSON, referral()));
        String summary = assessmentSummaryXml();
        answers.put("synchronous ok XML", post(DOOR, TOKEN, FHIR_XML, summary));
        answers.put("synchronous ok XML, a resend", post(DOOR, TOKEN, FHIR_XML, summary));
        answers.put("synchronous fatal-error JSON", post(DOOR, TOKEN, FHIR_JSON, referral().replace("010181-900C", "010190-999Y")));
        answers.put("synchronous fatal-error XML", post(DOOR, TOKEN, FHIR_XML, assessmentSummaryXml().replace("010181-900C", "010190-999Y")));
        answers.put("asynchronous 202", post(DOOR + "?async=true", TOKEN, FHIR_JSON, referral()));
        answers.put("asynchronous 422", post(DOOR + "?async=true", TOKEN, FHIR_JSON, referral().replace("010181-900C", "010190-999Y")));
        answers.put("400 not a message", post(DOOR, TOKEN, FHIR_JSON, "{\"resourceType\":\"Patient\"}"));
        answers.put("403 another partner", post(DOOR, "sandbox-social-care", FHIR_JSON, referral()));
        answers.put("401 no token", post(DOOR, null, FHIR_XML, assessmentSummaryXml()));

        assertThat(answers).allSatisfy((what, answer) -> assertThat(answer.body()).as(what).isNotBlank());
        for (Map.Entry<String, HttpResponse<String>> answer : answers.entrySet()) {
            assertValid(answer.getKey() + " (" + answer.getValue().statusCode() + ")", answer.getValue().body(), List.of());
        }
    }

    private static void assertValid(String what, String resource, List<String> allowedExtensionDomains) {
        Hl7Validator.Result result = Hl7Validator.get().validate(resource, allowedExtensionDomains);
        System.out.println("HL7 validator, " + what + ": " + result.errors().size() + " errors, " + result.warnings().size() + " warnings");
        assertThat(result.errors()).as(what).isEmpty();
    }

    private static String referral() {
        return sample("fhir/samples/referral.json").replace("urn:uuid:6f1b7c2e-5a4d-4e1f-9c3b-2d8e7a6f0101", "urn:uuid:" + UUID.randomUUID());
    }

    private static String assessmentSummaryXml() {
        return sample("fhir/samples/assessment-summary.xml").replace(XML_SAMPLE_MESSAGE_ID, "urn:uuid:" + UUID.randomUUID());
    }
}
