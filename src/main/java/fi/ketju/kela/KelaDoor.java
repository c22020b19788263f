package fi.ketju.kela;

import fi.ketju.audit.AuditTrail;
import fi.ketju.intake.CanonicalIntake;
import fi.ketju.intake.BoundedBody;
import fi.ketju.intake.IntakeSettings;
import fi.ketju.intake.IntakeUnavailableException;
import fi.ketju.intake.InvalidMessageException;
import fi.ketju.intake.MessageConflictException;
import fi.ketju.intake.PayloadTooLargeException;
import fi.ketju.intake.UnsupportedContentTypeException;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.KetjuPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kela's door: X-Road message protocol v4.0, SOAP 1.1 over HTTP, as Kela's security server delivers it.
 * Success is HTTP 200 with the X-Road response. A refusal is a SOAP Fault: faultcode Client when the request is
 * at fault, Server when Ketju is, with HTTP 500 as SOAP 1.1 (6.2) prescribes. X-Road relies on it: a security
 * server passes a service's answer on only when it comes with 200 or 500, and turns any other status into its
 * own HTTP error without the fault. Only a wrong content type (415) and another partner's token (403) answer
 * otherwise, as those requests cannot have come through Kela's X-Road service.
 */
@RestController
class KelaDoor {

    private static final Logger LOG = LoggerFactory.getLogger(KelaDoor.class);
    private static final MediaType TEXT_XML_UTF8 = MediaType.parseMediaType("text/xml;charset=UTF-8");

    private final KelaIntake intake;
    private final IntakeSettings settings;

    private final AuditTrail auditTrail;

    KelaDoor(KelaIntake intake, IntakeSettings settings, AuditTrail auditTrail) {
        this.intake = intake;
        this.settings = settings;
        this.auditTrail = auditTrail;
    }

    @PostMapping("/xroad/kela")
    ResponseEntity<String> receive(@AuthenticationPrincipal KetjuPrincipal principal, HttpServletRequest request)
            throws IOException {
        KelaIntake.Received received = intake.receive(principal, request.getContentType(),
                request.getHeader(CanonicalIntake.IDEMPOTENCY_KEY_HEADER), BoundedBody.read(request, settings.maxBodyBytes()));
        return ResponseEntity.ok()
                .location(received.accepted().status())
                .contentType(TEXT_XML_UTF8)
                .body(XRoadAnswers.accepted(received.request(), received.accepted()));
    }

    @ExceptionHandler
    ResponseEntity<String> accessDenied(AccessDeniedException e) {
        return clientFault(HttpStatus.FORBIDDEN, List.of(new SchemaViolation("Authorization", "partner", e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<String> unsupportedContentType(UnsupportedContentTypeException e) {
        return clientFault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, List.of(new SchemaViolation("Content-Type", "media-type",
                "was " + (e.contentType() == null ? "missing" : e.contentType()) + ", must be " + e.supported())));
    }

    @ExceptionHandler
    ResponseEntity<String> invalidMessage(InvalidMessageException e) {
        return clientFault(HttpStatus.INTERNAL_SERVER_ERROR, e.violations());
    }

    /**
     * The X-Road id or Idempotency-Key was used before for a message that said something else. HTTP 500 like every
     * Client fault here (X-Road passes a fault on only with it, so not 409); the fault names the hub message.
     */
    @ExceptionHandler
    ResponseEntity<String> conflict(MessageConflictException e) {
        return clientFault(HttpStatus.INTERNAL_SERVER_ERROR, List.of(e.violation()));
    }

    @ExceptionHandler
    ResponseEntity<String> payloadTooLarge(PayloadTooLargeException e) {
        return clientFault(HttpStatus.INTERNAL_SERVER_ERROR, List.of(
                new SchemaViolation("body", "max-size", "must be at most " + e.limit() + " bytes")));
    }

    /** The broker or the database could not take it just now: a Server fault (HTTP 500, see above) with Retry-After. */
    @ExceptionHandler
    ResponseEntity<String> unavailable(IntakeUnavailableException e) {
        long retryAfter = settings.retryAfterSeconds();
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(TEXT_XML_UTF8)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .body(XRoadAnswers.fault(XRoadAnswers.FaultCode.Server, e.detail(retryAfter), List.of()));
    }

    @ExceptionHandler
    ResponseEntity<String> failed(Exception e) {
        LOG.error("The Kela door could not take a message", e);
        return fault(HttpStatus.INTERNAL_SERVER_ERROR, XRoadAnswers.fault(XRoadAnswers.FaultCode.Server,
                "Ketju could not take the message because of a fault of its own; send it again later.", List.of()));
    }

    private ResponseEntity<String> clientFault(HttpStatus status, List<SchemaViolation> violations) {
        auditTrail.recordRejected("/xroad/kela", violations);
        SchemaViolation first = violations.get(0);
        String reason = first.field() + " breaks " + first.rule() + ": " + first.detail();
        String faultString = "The message was refused and nothing was stored. "
                + (violations.size() == 1 ? reason : violations.size() + " rules are broken, first " + reason + "; see detail");
        return fault(status, XRoadAnswers.fault(XRoadAnswers.FaultCode.Client, faultString, violations));
    }

    private static ResponseEntity<String> fault(HttpStatus status, String envelope) {
        return ResponseEntity.status(status).contentType(TEXT_XML_UTF8).body(envelope);
    }
}
