package fi.ketju.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

class FhirResourceValidatorTest {

    private static FhirResourceValidator validator;

    /** Built once from the real configuration: the warm-up inside it takes seconds. */
    @BeforeAll
    static void createValidator() {
        FhirContext fhirContext = FhirTestSupport.fhirContext();
        long start = System.nanoTime();
        validator = FhirTestSupport.validator(fhirContext, Path.of("mappings"));
        System.out.printf("FHIR validator created and warmed up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void validReferralMessageHasNoErrors() {
        Bundle message = ReferralMessageFixture.referralMessage("010181-900C");

        ValidationOutcome outcome = timed("valid referral", () -> validator.validate(message));

        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.valid()).isTrue();
    }

    @Test
    void wrongHetuCheckCharacterFailsNamingIdentifierAndExpectedCharacter() {
        // The HL7 Finland example code: its check character should be W (domain.md).
        Bundle message = ReferralMessageFixture.referralMessage("010190-999Y");

        ValidationOutcome outcome = timed("bad HETU", () -> validator.validate(message));

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.errors()).singleElement().satisfies(error -> {
            assertThat(error.location()).isEqualTo("Bundle.entry[2].resource.identifier[0].value");
            assertThat(error.message()).contains("urn:oid:1.2.246.21").contains("expected 'W'");
            assertThat(error.message()).doesNotContain("010190-999Y");
        });
    }

    @Test
    void theMessageAsJsonTextIsJudgedAsTheResourceIs() {
        // The door validates the Bundle's JSON (written once, also read by its mapping): the same findings, Ketju's rules too.
        Bundle message = ReferralMessageFixture.referralMessage("010190-999Y");
        ReferralMessageFixture.serviceRequestOf(message).setIntent(null);
        String json = FhirTestSupport.fhirContext().newJsonParser().encodeResourceToString(message);

        ValidationOutcome fromText = timed("JSON text", () -> validator.validate(json));

        assertThat(fromText.errors()).isNotEmpty().isEqualTo(validator.validate(message).errors());
        assertThat(fromText.errors()).anySatisfy(error -> assertThat(error.location()).isEqualTo("Bundle.entry[2].resource.identifier[0].value"))
                .anySatisfy(error -> assertThat(error.message()).contains("intent"));
    }

    @Test
    void serviceRequestWithoutIntentFails() {
        Bundle message = ReferralMessageFixture.referralMessage("010181-900C");
        ReferralMessageFixture.serviceRequestOf(message).setIntent(null);

        ValidationOutcome outcome = timed("missing intent", () -> validator.validate(message));

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.errors())
                .anySatisfy(error -> assertThat(error.location()).contains("entry[1]").contains("ServiceRequest"))
                .anySatisfy(error -> assertThat(error.message()).contains("intent"));
    }

    @Test
    void unknownKetjuMessageEventFails() {
        Bundle message = ReferralMessageFixture.referralMessage("010181-900C");
        ((MessageHeader) message.getEntry().get(0).getResource())
                .setEvent(new Coding("https://ketju.fi/fhir/CodeSystem/message-event", "discharge", null));

        ValidationOutcome outcome = timed("unknown event code", () -> validator.validate(message));

        assertThat(outcome.errors()).anySatisfy(error -> assertThat(error.message()).contains("discharge"));
    }

    @Test
    void printsWarmValidationTimePerBundle() {
        int runs = 20;
        long[] micros = new long[runs];
        for (int i = 0; i < runs; i++) {
            Bundle message = ReferralMessageFixture.referralMessage("010181-900C");
            long start = System.nanoTime();
            assertThat(validator.validate(message).valid()).isTrue();
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf("Warm validation of one referral bundle over %d runs: min %.1f ms, median %.1f ms, max %.1f ms%n",
                runs, micros[0] / 1e3, micros[runs / 2] / 1e3, micros[runs - 1] / 1e3);
    }

    @Test
    void operationOutcomeCarriesErrorsWithLocations() {
        ValidationOutcome outcome = validator.validate(ReferralMessageFixture.referralMessage("010190-999Y"));

        OperationOutcome operationOutcome = outcome.toOperationOutcome();

        assertThat(operationOutcome.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getExpression()).extracting(Object::toString)
                    .containsExactly("Bundle.entry[2].resource.identifier[0].value");
        });
    }

    /** Validations beyond the cores take turns: many callers at once each still get their own, right answer. */
    @Test
    void manyCallersAtOnceEachGetTheirOwnOutcome() {
        int callers = 4 * Runtime.getRuntime().availableProcessors() + 1;
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<CompletableFuture<ValidationOutcome>> outcomes = IntStream.range(0, callers)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> validator.validate(
                            ReferralMessageFixture.referralMessage(i % 2 == 0 ? "010181-900C" : "010190-999Y")), threads))
                    .toList();

            for (int i = 0; i < callers; i++) {
                assertThat(outcomes.get(i).orTimeout(2, TimeUnit.MINUTES).join().valid()).as("caller %d", i).isEqualTo(i % 2 == 0);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static ValidationOutcome timed(String label, Supplier<ValidationOutcome> validation) {
        long start = System.nanoTime();
        ValidationOutcome outcome = validation.get();
        System.out.printf("Warm validation of one bundle (%s): %.1f ms, %d errors, %d warnings%n", label,
                (System.nanoTime() - start) / 1e6, outcome.errors().size(), outcome.warnings().size());
        outcome.errors().forEach(issue -> System.out.println("  error   " + issue));
        outcome.warnings().forEach(issue -> System.out.println("  warning " + issue));
        return outcome;
    }
}
