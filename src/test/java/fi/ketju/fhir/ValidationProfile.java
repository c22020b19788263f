package fi.ketju.fhir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;

/**
 * Not a test: validates health care's sample assessment summary {@code args[0]} times (default 500) on one thread,
 * after a warm-up, and prints the rate and this thread's CPU time and allocation per validation, for a flight recording of the FHIR door's validation
 * ({@code java -XX:StartFlightRecording=filename=validation.jfr -cp ... fi.ketju.fhir.ValidationProfile 2000}).
 */
final class ValidationProfile {

    private ValidationProfile() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        FhirContext fhirContext = FhirTestSupport.fhirContext();
        FhirResourceValidator validator = FhirTestSupport.validator(fhirContext, Path.of("mappings"));
        Bundle summary = FhirTestSupport.readMessage(fhirContext, Path.of("mappings/fhir/samples/assessment-summary.json"));
        for (int i = 0; i < count / 2; i++) {
            requireValid(validator.validate(summary));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedStart = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            requireValid(validator.validate(summary));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        double allocatedMb = (threads.getCurrentThreadAllocatedBytes() - allocatedStart) / 1e6;
        // The CPU time of this thread only (not the collector's): the figure a busy machine moves least.
        System.out.printf("%d validations of the assessment summary: %.1f/s on one thread, %.2f ms each, %.2f ms of CPU and %.1f MB allocated each%n",
                count, count / seconds, seconds * 1000 / count, cpuMs / count, allocatedMb / count);
    }

    private static void requireValid(ValidationOutcome outcome) {
        if (!outcome.valid()) {
            throw new IllegalStateException("the sample is invalid: " + outcome.errors());
        }
    }
}
