package fi.ketju.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What validating one resource found. Only {@link #errors()} (severity error or fatal) make it invalid;
 * {@link #warnings()} are kept for the log and for the sender.
 */
public record ValidationOutcome(List<Issue> errors, List<Issue> warnings) {

    /**
     * @param location FHIRPath-like location, e.g. {@code Bundle.entry[1].resource.intent}; empty if unknown
     * @param message  what is wrong, in English
     * @param rule     the validator's id of the rule, e.g. {@code ketju-hetu-invalid}; empty if it gave none
     */
    public record Issue(String location, String message, String rule) {
    }

    public ValidationOutcome {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * Errors then warnings, each with the location as {@code issue.expression} and the diagnostics starting with the
     * rule: the form FHIR partners expect.
     */
    public OperationOutcome toOperationOutcome() {
        OperationOutcome outcome = new OperationOutcome();
        errors.forEach(issue -> addIssue(outcome, IssueSeverity.ERROR, issue));
        warnings.forEach(issue -> addIssue(outcome, IssueSeverity.WARNING, issue));
        if (!outcome.hasIssue()) {
            // An OperationOutcome needs at least one issue (R4 cardinality 1..*).
            outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                    .setDiagnostics("No issues detected during validation");
        }
        return outcome;
    }

    private static void addIssue(OperationOutcome outcome, IssueSeverity severity, Issue issue) {
        OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue()
                .setSeverity(severity)
                .setCode(IssueType.PROCESSING)
                .setDiagnostics(issue.rule().isEmpty() ? issue.message() : issue.rule() + ": " + issue.message());
        if (!issue.location().isEmpty()) {
            component.addExpression(issue.location());
        }
    }
}
