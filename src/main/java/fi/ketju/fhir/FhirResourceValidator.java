package fi.ketju.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;

/** Validates FHIR resources against the base R4 specification, Ketju's conformance resources and Ketju's rules. */
@Service
public class FhirResourceValidator {

    private final FhirValidator fhirValidator;
    private final FhirValidator ketjuRulesOnly;
    /**
     * Whole validations run at most as many at once as there are cores. Each is CPU-bound and holds tens of MB while
     * it runs, so more at once only adds garbage-collection work: measured here, 16 concurrent validations of the
     * sample assessment summary on 2 cores went at 22 a second, the same 16 taking turns two at a time at 60.
     */
    private final Semaphore wholeValidations = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    FhirResourceValidator(FhirValidator fhirValidator, FhirContext fhirContext) {
        this.fhirValidator = fhirValidator;
        this.ketjuRulesOnly = fhirContext.newValidator().registerValidatorModule(new KetjuFhirRules());
    }

    /**
     * The whole check: the R4 specification, Ketju's conformance resources and rules (once warm, about 20 ms of
     * CPU here for the sample assessment summary's 25 resources, with HAPI's core validator reused:
     * {@link ReusingInstanceValidator}). Thread-safe; callers beyond the cores wait their turn, which also bounds how
     * many core validators are kept. Informational messages are dropped, warnings are kept but do not make the resource invalid.
     */
    public ValidationOutcome validate(IBaseResource resource) {
        return validateWhole(() -> fhirValidator.validateWithResult(resource));
    }

    /**
     * The whole check of a resource written as JSON by HAPI: validated from this text, which HAPI would otherwise write
     * anew from the resource (ValidationContext.forResource encodes it whether or not the resource carries its text).
     * Ketju's rules and the profiles in meta.profile read the resource HAPI parses back from it.
     */
    public ValidationOutcome validate(String resourceJson) {
        return validateWhole(() -> fhirValidator.validateWithResult(resourceJson));
    }

    private ValidationOutcome validateWhole(Supplier<ValidationResult> validation) {
        wholeValidations.acquireUninterruptibly();
        try {
            return outcome(validation.get().getMessages());
        } finally {
            wholeValidations.release();
        }
    }

    /**
     * Only Ketju's own rules (the identity codes): for what a proven mapping made, whose structure the whole
     * check has passed, so that only the values that vary from message to message are left to check.
     */
    public ValidationOutcome checkKetjuRules(IBaseResource resource) {
        return outcome(ketjuRulesOnly.validateWithResult(resource).getMessages());
    }

    private static ValidationOutcome outcome(List<SingleValidationMessage> messages) {
        List<ValidationOutcome.Issue> errors = new ArrayList<>();
        List<ValidationOutcome.Issue> warnings = new ArrayList<>();
        for (SingleValidationMessage message : messages) {
            ValidationOutcome.Issue issue = new ValidationOutcome.Issue(
                    Objects.requireNonNullElse(message.getLocationString(), ""), message.getMessage(),
                    Objects.requireNonNullElse(message.getMessageId(), ""));
            switch (message.getSeverity()) {
                case ERROR, FATAL -> errors.add(issue);
                case WARNING -> warnings.add(issue);
                case INFORMATION -> {
                    // hints about best practice and terminology the hub cannot reach: noise for the partners
                }
            }
        }
        return new ValidationOutcome(errors, warnings);
    }
}
