package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ketju's declared conformance resources (mappings/fhir/conformance) are valid FHIR: partners read them as they are. */
class ConformanceResourcesTest {

    private static final Path CONFORMANCE = Path.of("mappings/fhir/conformance");

    private static FhirContext fhirContext;
    private static FhirResourceValidator validator;

    @BeforeAll
    static void createValidator() {
        fhirContext = FhirTestSupport.fhirContext();
        validator = FhirTestSupport.validator(fhirContext, Path.of("mappings"));
    }

    static Stream<String> conformanceResources() throws IOException {
        try (Stream<Path> files = Files.list(CONFORMANCE)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceResources")
    void isValidWithoutErrorsOrWarnings(String file) throws IOException {
        ValidationOutcome outcome = validator.validate(fhirContext.newJsonParser().parseResource(Files.readString(CONFORMANCE.resolve(file))));

        assertThat(outcome.errors()).as("errors").isEmpty();
        assertThat(outcome.warnings()).as("warnings").isEmpty();
    }
}
