package fi.ketju.admin;

import static fi.ketju.web.Problems.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.web.RefusedRequestException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem+json for the admin API, naming the field (a path part or a JSON Pointer) and the rule. */
// Ahead of Spring Boot's generic problem-details handler, which would answer a malformed id or body without naming the field.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = AdminProblems.class)
class AdminProblems {

    @ExceptionHandler
    ProblemDetail refused(RefusedRequestException e) {
        return e.problem();
    }

    @ExceptionHandler
    ProblemDetail malformedPathPart(MethodArgumentTypeMismatchException e) {
        String detail = "must be a " + (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName());
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Bad Request", e.getName() + ": " + detail,
                List.of(new SchemaViolation(e.getName(), "type", detail)));
    }

    @ExceptionHandler
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        // Jackson knows where in the body it failed; name that field as a JSON Pointer.
        String field = e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                        .collect(Collectors.joining("/", "/", ""))
                : "body";
        String detail = "must be JSON of the documented shape";
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Bad Request", field + ": " + detail,
                List.of(new SchemaViolation(field, "json", detail)));
    }
}
