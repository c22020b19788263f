package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

/** How the door reads a message: strictly, and in XML never resolving or even accepting a DTD. */
class FhirMessageParserTest {

    private static final String SECRET = "KETJU-SECRET-FILE-CONTENT";

    private final FhirContext fhirContext = FhirTestSupport.fhirContext();
    private final FhirMessageParser parser = new FhirMessageParser(fhirContext, new ObjectMapper());

    @TempDir
    Path tmp;

    /** What HAPI's XML parser does by itself: DTDs and external entities off, so an entity is undeclared, never read. */
    @Test
    void hapisXmlParserNeverResolvesAnExternalEntity() throws Exception {
        String xml = bundleWithExternalEntity(secretFile());

        assertThatThrownBy(() -> fhirContext.newXmlParser().parseResource(xml))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Undeclared general entity")
                .hasMessageNotContaining(SECRET);
    }

    /** ... but it accepts and skips a DOCTYPE, which is why the door refuses one itself. */
    @Test
    void hapisXmlParserAcceptsADoctypeThatTheDoorRefuses() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Bundle SYSTEM "%s">
                <Bundle xmlns="http://hl7.org/fhir"><type value="message"/></Bundle>""".formatted(secretFile().toUri());

        assertThat(fhirContext.newXmlParser().parseResource(Bundle.class, xml).getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertRefused(xml, FhirFormat.XML, "ketju-no-doctype", null);
    }

    @Test
    void doorRefusesAnExternalEntityAtItsDoctype() throws Exception {
        assertRefused(bundleWithExternalEntity(secretFile()), FhirFormat.XML, "ketju-no-doctype", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown element | \"intnt\": \"order\" | intnt",
            "invalid code    | \"intent\": \"ordr\" | intent"})
    void strictParseRefusesNamingTheElement(String problem, String serviceRequestElement, String element) {
        String json = """
                {"resourceType": "Bundle", "type": "message", "entry": [{"fullUrl": "urn:uuid:6f1b7c2e-5a4d-4e1f-9c3b-2d8e7a6f0002",
                 "resource": {"resourceType": "ServiceRequest", "status": "active", %s}}]}""".formatted(serviceRequestElement);

        assertRefused(json, FhirFormat.JSON, "ketju-strict-parse", element);
    }

    @Test
    void anotherResourceThanABundleIsRefused() {
        assertRefused("{\"resourceType\": \"Patient\"}", FhirFormat.JSON, "ketju-message-bundle", "Patient");
    }

    /** Generic FHIR tooling's form of $process-message: Parameters, content = the Bundle, async and response-url. */
    @Test
    void theParametersFormGivesTheBundleAndTheOtherParameters() {
        FhirMessageParser.Submission submission = parser.parseSubmission(FhirFormat.JSON, ("""
                {"resourceType": "Parameters", "parameter": [{"name": "async", "valueBoolean": true},
                 {"name": "content", "resource": {"resourceType": "Bundle", "type": "message"}},
                 {"name": "response-url", "valueUrl": "https://potilastiedot.esimerkki.example/fhir"}]}""").getBytes(StandardCharsets.UTF_8));

        assertThat(submission.message().getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(submission.async()).contains(true);
        assertThat(submission.responseUrl()).contains("https://potilastiedot.esimerkki.example/fhir");
        assertThat(parser.parseSubmission(FhirFormat.JSON, "{\"resourceType\": \"Bundle\", \"type\": \"message\"}"
                .getBytes(StandardCharsets.UTF_8)).async()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no content       | {\"name\": \"async\", \"valueBoolean\": true}                                | Parameters.parameter",
            "content no Bundle| {\"name\": \"content\", \"resource\": {\"resourceType\": \"Patient\"}}      | Parameters.parameter[0].resource",
            "unknown name     | {\"name\": \"contents\", \"resource\": {\"resourceType\": \"Bundle\"}}      | Parameters.parameter[0].name",
            "async no boolean | {\"name\": \"async\", \"valueString\": \"yes\"}                               | Parameters.parameter[0].valueBoolean"})
    void theParametersFormIsRefusedNamingTheParameter(String problem, String parameter, String element) {
        String json = "{\"resourceType\": \"Parameters\", \"parameter\": [" + parameter + "]}";

        assertRefusedBy(() -> parser.parseSubmission(FhirFormat.JSON, json.getBytes(StandardCharsets.UTF_8)),
                "ketju-process-message-parameters", element);
    }

    private void assertRefused(String body, FhirFormat format, String rule, String expression) {
        assertRefusedBy(() -> parser.parse(format, body.getBytes(StandardCharsets.UTF_8)), rule, expression);
    }

    private void assertRefusedBy(ThrowingCallable parse, String rule, String expression) {
        assertThatThrownBy(parse)
                .isInstanceOfSatisfying(RefusedMessageException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    var issue = refused.outcome().getIssueFirstRep();
                    assertThat(issue.getDiagnostics()).startsWith(rule + ": ").doesNotContain(SECRET);
                    if (expression == null) {
                        assertThat(issue.getExpression()).isEmpty();
                    } else {
                        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly(expression);
                    }
                });
    }

    private Path secretFile() throws Exception {
        return Files.writeString(tmp.resolve("secret.txt"), SECRET);
    }

    static String bundleWithExternalEntity(Path file) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Bundle [<!ENTITY secret SYSTEM "%s">]>
                <Bundle xmlns="http://hl7.org/fhir">
                  <type value="message"/>
                  <entry><fullUrl value="urn:uuid:6f1b7c2e-5a4d-4e1f-9c3b-2d8e7a6f0003"/>
                    <resource><Patient xmlns="http://hl7.org/fhir"><name><family value="&secret;"/></name></Patient></resource>
                  </entry>
                </Bundle>""".formatted(file.toUri());
    }
}
