package fi.ketju.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;

/** The door refuses the message whole, nothing stored: the HTTP status and the OperationOutcome that says why. */
class RefusedMessageException extends RuntimeException {

    private final HttpStatus status;
    private final transient OperationOutcome outcome;

    RefusedMessageException(HttpStatus status, OperationOutcome outcome) {
        super("refused with " + status.value());
        this.status = status;
        this.outcome = outcome;
    }

    /**
     * One error: {@code expression} names the element (may be null when no element is to blame), {@code rule} the
     * rule broken, which the diagnostics start with.
     */
    static RefusedMessageException of(HttpStatus status, IssueType type, String expression, String rule, String detail) {
        OperationOutcome outcome = new OperationOutcome();
        addError(outcome, type, expression, rule, detail);
        return new RefusedMessageException(status, outcome);
    }

    static void addError(OperationOutcome outcome, IssueType type, String expression, String rule, String detail) {
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(rule + ": " + detail);
        if (expression != null) {
            issue.addExpression(expression);
        }
    }

    HttpStatus status() {
        return status;
    }

    OperationOutcome outcome() {
        return outcome;
    }
}
