package fi.ketju.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;

/** Validates FHIR resources against the base R4 specification, Ketju's conformance resources and Ketju's rules. */
@Service
public class FhirResourceValidator {

    private final FhirValidator fhirValidator;

    FhirResourceValidator(FhirValidator fhirValidator) {
        this.fhirValidator = fhirValidator;
    }

    /** Thread-safe; informational messages are dropped, warnings are kept but do not make the resource invalid. */
    public ValidationOutcome validate(IBaseResource resource) {
        List<ValidationOutcome.Issue> errors = new ArrayList<>();
        List<ValidationOutcome.Issue> warnings = new ArrayList<>();
        for (SingleValidationMessage message : fhirValidator.validateWithResult(resource).getMessages()) {
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
