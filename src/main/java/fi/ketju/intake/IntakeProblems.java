package fi.ketju.intake;

import static fi.ketju.web.Problems.problem;

import fi.ketju.audit.AuditTrail;
import fi.ketju.mapping.SchemaViolation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem+json for the JSON doors. Each problem lists {@code errors}: the field (a JSON
 * Pointer, or a header name), the rule it broke, and what was wrong.
 */
// Only the JSON doors answer in problem+json; the FHIR and X-Road doors answer in their own formats.
@RestControllerAdvice(basePackageClasses = IntakeProblems.class)
class IntakeProblems {

    private final AuditTrail auditTrail;
    private final IntakeSettings settings;

    IntakeProblems(AuditTrail auditTrail, IntakeSettings settings) {
        this.auditTrail = auditTrail;
        this.settings = settings;
    }

    /** 503 with Retry-After: the broker or the database could not take the message just now; nothing was stored. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(IntakeUnavailableException e, HttpServletRequest request) {
        long retryAfter = settings.retryAfterSeconds();
        String detail = e.detail(retryAfter);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable", "The hub cannot take messages just now",
                        detail, List.of(new SchemaViolation("body", "temporarily-unavailable", detail))));
    }

    @ExceptionHandler
    ProblemDetail invalidMessage(InvalidMessageException e, HttpServletRequest request) {
        List<SchemaViolation> violations = e.violations();
        return refused(request, HttpStatus.BAD_REQUEST, "invalid-message", "The message was refused",
                violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).detail()
                        : violations.size() + " rules are broken; see errors. Nothing was stored.",
                violations);
    }

    /**
     * 409: the message id or Idempotency-Key names an earlier message that said something else. The problem names the
     * field, the rule and the hub message the id belongs to ({@code existingMessageId}, and where to see it).
     */
    @ExceptionHandler
    ProblemDetail conflict(MessageConflictException e, HttpServletRequest request) {
        SchemaViolation violation = e.violation();
        ProblemDetail problem = refused(request, HttpStatus.CONFLICT, MessageConflictException.RULE,
                "The id is already used for another message", violation.field() + ": " + violation.detail() + ". Nothing was stored.",
                List.of(violation));
        problem.setProperty("existingMessageId", e.existingMessageId());
        problem.setProperty("existingMessage", e.existingMessage());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail payloadTooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return refused(request, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "The message is too large",
                "The body must be at most " + e.limit() + " bytes.",
                List.of(new SchemaViolation("body", "max-size", "must be at most " + e.limit() + " bytes")));
    }

    @ExceptionHandler
    ProblemDetail unsupportedContentType(UnsupportedContentTypeException e, HttpServletRequest request) {
        return refused(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported content type",
                "Content-Type must be " + e.supported() + ".",
                List.of(new SchemaViolation("Content-Type", "media-type",
                        "was " + (e.contentType() == null ? "missing" : e.contentType()) + ", must be " + e.supported())));
    }

    /** The problem, once the refusal is in the audit trail. */
    private ProblemDetail refused(HttpServletRequest request, HttpStatus status, String type, String title, String detail,
            List<SchemaViolation> errors) {
        auditTrail.recordRejected(request.getRequestURI(), errors);
        return problem(status, type, title, detail, errors);
    }
}
