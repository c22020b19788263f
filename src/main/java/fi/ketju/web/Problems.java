package fi.ketju.web;

import fi.ketju.mapping.SchemaViolation;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem+json as every JSON API of the hub answers it: a type under ketju.fi/problems/ and
 * {@code errors} naming each field, the rule it broke and what was wrong.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://ketju.fi/problems/";

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail, List<SchemaViolation> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        problem.setProperty("errors", errors);
        return problem;
    }
}
