package fi.ketju.fhir;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * The first validation loads and indexes the FHIR core definitions and takes seconds. It runs once the hub is ready,
 * on a thread of its own ({@link FhirStartup}), so that the start-up neither waits for it nor shares the cores with it:
 * the hub serves while it runs, the FHIR door answers 503 with Retry-After until it is over ({@link #warm()}),
 * health's component {@code fhirDoor} says how far it is ({@link FhirDoorHealth}), and FHIR mappings are proven
 * after it ({@link FhirRecipientFormat}; until then their messages are validated whole).
 */
final class ValidatorWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);
    private static final String PATIENT_URL = "urn:uuid:4f0e9a8e-2f0b-4d7e-9a55-0c1a6f4a0001";
    private static final String SERVICE_REQUEST_URL = "urn:uuid:4f0e9a8e-2f0b-4d7e-9a55-0c1a6f4a0002";

    private final CompletableFuture<Void> warmedUp;

    /** The warm-up {@link FhirStartup} runs. */
    ValidatorWarmUp(CompletableFuture<Void> warmedUp) {
        this.warmedUp = warmedUp;
    }

    /** Warms up a validator built outside the hub's start-up (tests, benchmarks) on a thread of its own. */
    ValidatorWarmUp(FhirValidator validator) {
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> new Thread(task, "fhir-validator-warm-up"));
        warmedUp = CompletableFuture.runAsync(() -> warmUp(validator), thread);
        thread.shutdown();
    }

    /** Completes when the validator is warm; what must not run on a cold one waits for it. */
    CompletableFuture<Void> warmedUp() {
        return warmedUp;
    }

    /** Whether the validator is warm: the FHIR door takes messages only then. */
    boolean warm() {
        return warmedUp.isDone() && !warmedUp.isCompletedExceptionally();
    }

    /** Whether the warm-up failed: a validator that rejects a good message is misconfigured, and stays unused. */
    boolean failed() {
        return warmedUp.isCompletedExceptionally();
    }

    static void warmUp(FhirValidator validator) {
        long start = System.nanoTime();
        List<SingleValidationMessage> errors = validator.validateWithResult(sampleReferralMessage()).getMessages()
                .stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (!errors.isEmpty()) {
            throw new IllegalStateException("FHIR validator rejects its warm-up sample: " + errors.stream()
                    .map(message -> message.getLocationString() + ": " + message.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        log.info("FHIR validator warmed up in {} ms", elapsedMs);
    }

    private static Bundle sampleReferralMessage() {
        MessageHeader header = new MessageHeader()
                .setEvent(new Coding("https://ketju.fi/fhir/CodeSystem/message-event", "referral", "Referral"))
                .setSource(new MessageHeader.MessageSourceComponent().setEndpoint("urn:ketju:warm-up"))
                .addFocus(new Reference(SERVICE_REQUEST_URL));
        header.setId("warm-up");
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .addCategory(new CodeableConcept(new Coding("http://snomed.info/sct", "3457005", "Patient referral")))
                .setSubject(new Reference(PATIENT_URL));
        Patient patient = new Patient().addIdentifier(new Identifier()
                .setUse(Identifier.IdentifierUse.OFFICIAL)
                .setSystem(KetjuFhirRules.HETU_SYSTEM)
                .setValue("010181-900C")); // a test code (individual number 900-999), never a real person's

        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        bundle.addEntry().setFullUrl("urn:uuid:4f0e9a8e-2f0b-4d7e-9a55-0c1a6f4a0000").setResource(header);
        bundle.addEntry().setFullUrl(SERVICE_REQUEST_URL).setResource(referral);
        bundle.addEntry().setFullUrl(PATIENT_URL).setResource(patient);
        return bundle;
    }
}
