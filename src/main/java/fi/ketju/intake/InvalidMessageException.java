package fi.ketju.intake;

import fi.ketju.mapping.SchemaViolation;
import java.util.List;

/** The message breaks one or more rules; it is refused whole and nothing is stored or enqueued. */
public class InvalidMessageException extends RuntimeException {

    private final List<SchemaViolation> violations;

    public InvalidMessageException(List<SchemaViolation> violations) {
        super(violations.size() + " rule(s) broken");
        this.violations = List.copyOf(violations);
    }

    public InvalidMessageException(String field, String rule, String detail) {
        this(List.of(new SchemaViolation(field, rule, detail)));
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
