package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Measure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The measures as published (mappings/measures, GET /fhir/Measure/{id}) are valid R4 Measures. Their criteria are SQL,
 * application/sql: Expression.language's binding is extensible, with every media type (BCP 13) as its maximum value
 * set, so a language the value set expression-language lacks is allowed when it is a media type.
 */
class MeasureResourcesValidTest {

    private static FhirContext fhir;
    private static FhirResourceValidator validator;

    @BeforeAll
    static void createValidators() {
        fhir = FhirTestSupport.fhirContext();
        validator = FhirTestSupport.validator(fhir, Path.of("mappings"));
    }

    static Stream<Path> measures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("mappings/measures"))) {
            return files.filter(file -> file.toString().endsWith(".measure.json")).sorted().toList().stream();
        }
    }

    /** The hub's validator: no error (HAPI's in-memory terminology told to answer "not in the value set", ExpressionLanguages). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("measures")
    void theHubsValidatorFindsNoError(Path file) throws IOException {
        Measure measure = fhir.newJsonParser().parseResource(Measure.class, Files.readString(file));
        // Without ExpressionLanguages: "Unknown code 'http://hl7.org/fhir/expression-language#application/sql'", an error,
        // on every expression.
        assertThat(validator.validate(measure).errors()).isEmpty();
    }

    /**
     * HL7's validator: no error but two it cannot settle here. It checks a media type only with a terminology server
     * (BCP 13 is on its list of systems always left to the server; the CLI asks tx.fhir.org, which knows
     * application/sql, RFC 6922); without one (-tx n/a, as here) it reports the media type as not determined. And
     * Ketju's two extensions have no StructureDefinition among the conformance resources yet: HAPI's validator cannot
     * generate a snapshot while validating one (ConformanceResourcesTest), so they are not published. Nothing else.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("measures")
    void hl7sValidatorFindsOnlyTheMediaTypeAndKetjusExtensions(Path file) throws IOException {
        Hl7Validator.Result result = Hl7Validator.get().validate(Files.readString(file), List.of());
        assertThat(result.errors()).isNotEmpty().allSatisfy(error -> assertThat(error).matches(
                ".*\\.language: .*'application/sql'.*http://hl7.org/fhir/ValueSet/mimetypes.*"
                        + "|Measure(\\.group\\[\\d+\\])?\\.extension\\[\\d+\\]: The extension https://ketju.fi/fhir/StructureDefinition/"
                        + "measure-(query|percentile) could not be found so is not allowed here"));
    }
}
