package fi.ketju.fhir;

import fi.ketju.security.InputEchoes;
import java.nio.charset.StandardCharsets;
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

    /**
     * The same refusal with no issue quoting {@code body}, the message refused, in its diagnostics or expression: HAPI's
     * parser and validator quote the offending value or element, which may be an identity code or a name
     * ({@link InputEchoes}).
     */
    RefusedMessageException withoutEchoesOf(byte[] body) {
        InputEchoes echoes = InputEchoes.of(new String(body, StandardCharsets.UTF_8));
        for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
            issue.setDiagnostics(echoes.detail(issue.getDiagnostics()));
            issue.getExpression().forEach(expression -> expression.setValue(InputEchoes.field(expression.getValue())));
        }
        return this;
    }

    HttpStatus status() {
        return status;
    }

    OperationOutcome outcome() {
        return outcome;
    }
}
