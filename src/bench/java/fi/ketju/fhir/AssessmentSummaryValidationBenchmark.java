package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * FHIR door micro-benchmark (mvn -Pbench verify): health care's sample assessment summary (a message Bundle of 25
 * resources) validated whole as the door validates what a partner sent: HAPI's instance validator over the hub's one
 * validation support chain (R4, Ketju's profiles), then Ketju's rules, each Bundle with its own identifier. One
 * thread: the score is validations per second per core, the ceiling the validation alone puts on the FHIR door.
 */
@State(Scope.Thread)
public class AssessmentSummaryValidationBenchmark {

    private static final Path MAPPINGS = Path.of("mappings");
    /** Where Bundle.identifier's value begins in HAPI's compact JSON (the first value written). */
    private static final String SAMPLE_IDENTIFIER = "\"value\":\"urn:uuid:";

    private FhirResourceValidator validator;
    private String assessmentSummary;
    private int sampleIdentifierAt;

    @Setup
    public void load() {
        FhirContext fhirContext = FhirTestSupport.fhirContext();
        validator = FhirTestSupport.validator(fhirContext, MAPPINGS);
        FhirMessageParser parser = new FhirMessageParser(fhirContext, new ObjectMapper());
        // As the door hands it to the validator: the strictly parsed Bundle written once as JSON.
        assessmentSummary = parser.encode(FhirFormat.JSON,
                FhirTestSupport.readMessage(fhirContext, MAPPINGS.resolve("fhir/samples/assessment-summary.json")));
        sampleIdentifierAt = assessmentSummary.indexOf(SAMPLE_IDENTIFIER);
        ValidationOutcome outcome = validator.validate(assessmentSummary);
        if (sampleIdentifierAt < 0 || !outcome.valid()) {
            throw new IllegalStateException("the sample assessment summary must be valid and carry an identifier: " + outcome);
        }
    }

    @Benchmark
    public ValidationOutcome validateWhole() {
        // A new Bundle.identifier each time, as each partner message has its own: nothing can be cached by content.
        int from = sampleIdentifierAt + SAMPLE_IDENTIFIER.length();
        String message = assessmentSummary.substring(0, from) + UUID.randomUUID()
                + assessmentSummary.substring(assessmentSummary.indexOf('"', from));
        return validator.validate(message);
    }
}
