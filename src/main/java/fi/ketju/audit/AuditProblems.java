package fi.ketju.audit;

import fi.ketju.web.RefusedRequestException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem+json for the auditors' API: the query parameter and the rule it broke. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = AuditProblems.class)
class AuditProblems {

    @ExceptionHandler
    ProblemDetail refused(RefusedRequestException e) {
        return e.problem();
    }
}
