package fi.ketju.web;

import fi.ketju.mapping.SchemaViolation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request to an API of the hub (admin, audit) refused, answered as problem+json naming the field and the rule. */
public class RefusedRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final String rule;

    private RefusedRequestException(HttpStatus status, String field, String rule, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
        this.rule = rule;
    }

    public static RefusedRequestException notFound(String field, String rule, String detail) {
        return new RefusedRequestException(HttpStatus.NOT_FOUND, field, rule, detail);
    }

    public static RefusedRequestException invalid(String field, String rule, String detail) {
        return new RefusedRequestException(HttpStatus.BAD_REQUEST, field, rule, detail);
    }

    /** The request is well formed, but what it asks cannot be done to the resource as it is. */
    public static RefusedRequestException conflict(String field, String rule, String detail) {
        return new RefusedRequestException(HttpStatus.CONFLICT, field, rule, detail);
    }

    /** The problem+json answer: the status, and the field and rule in {@code errors}. */
    public ProblemDetail problem() {
        String type = switch (status) {
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            default -> "invalid-request";
        };
        return Problems.problem(status, type, status.getReasonPhrase(), field + ": " + getMessage(),
                List.of(new SchemaViolation(field, rule, getMessage())));
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
