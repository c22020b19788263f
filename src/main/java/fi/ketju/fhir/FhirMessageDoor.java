package fi.ketju.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import fi.ketju.audit.AuditTrail;
import fi.ketju.intake.CanonicalIntake;
import fi.ketju.intake.AcceptedMessage;
import fi.ketju.intake.BoundedBody;
import fi.ketju.intake.IntakeSettings;
import fi.ketju.intake.IntakeUnavailableException;
import fi.ketju.intake.PayloadTooLargeException;
import fi.ketju.mapping.MappingSettings;
import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.KetjuPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Health care's door: FHIR R4 messaging, {@code POST /fhir/$process-message}, and what it accepts at
 * {@code GET /fhir/metadata}.
 *
 * <p>A Spring controller using HAPI's parsers rather than a HAPI RestfulServer: the door is one operation whose every
 * answer is Ketju's own (202 with Location, 413 before the body is read, 415 and 422 with Ketju's rules, a
 * declarative CapabilityStatement), so a RestfulServer's content negotiation, error mapping and generated
 * CapabilityStatement would each have to be overridden; and it shares the other doors' security and body limit.
 *
 * <p>$process-message as R4 defines it. Asynchronous ({@code async=true} in the URL or in the Parameters form, or
 * {@code Prefer: respond-async}): 202 Accepted with an OperationOutcome (severity information) naming the hub message
 * id once the hub has custody ("an OperationOutcome SHOULD be returned", MessageHeader-process-message), refusals as
 * 4xx or 503 with an OperationOutcome. Synchronous (the default): at the same moment, 200 with a response message
 * ({@link FhirResponseMessage}: code ok, the hub message id as its Bundle.identifier), refusals as response messages
 * too (see {@link #refusal}). The hub's processing is its delivery later on, followed at Location in both modes.
 * A resend (same Bundle.identifier) gets the same answer and id, as FHIR's reliable messaging asks.
 */
@RestController
class FhirMessageDoor {

    private static final String CAPABILITY_STATEMENT = "fhir/conformance/CapabilityStatement-ketju-hub.json";
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String ASYNC = "async";
    private static final String RESPONSE_URL = "response-url";

    private final FhirMessageIntake intake;
    private final FhirMessageParser parser;
    private final IntakeSettings settings;
    private final CapabilityStatement capabilityStatement;
    private final AuditTrail auditTrail;
    private final ValidatorWarmUp validatorWarmUp;

    FhirMessageDoor(FhirMessageIntake intake, FhirMessageParser parser, IntakeSettings settings, FhirContext fhirContext,
            MappingSettings mappings, AuditTrail auditTrail, ValidatorWarmUp validatorWarmUp) {
        this.validatorWarmUp = validatorWarmUp;
        this.intake = intake;
        this.parser = parser;
        this.settings = settings;
        this.capabilityStatement = readCapabilityStatement(fhirContext, mappings.mappingsDir().resolve(CAPABILITY_STATEMENT));
        this.auditTrail = auditTrail;
    }

    @PostMapping("/fhir/$process-message")
    ResponseEntity<String> processMessage(@AuthenticationPrincipal KetjuPrincipal principal, HttpServletRequest request)
            throws IOException {
        FhirFormat answerFormat = FhirFormat.ofContentType(request.getContentType()).orElse(FhirFormat.JSON);
        // Until the body is read as a message there is none to answer with a response message: an HTTP error it is.
        Optional<Synchronous> synchronous = Optional.empty();
        try {
            if (principal == null || !principal.isPartner(FhirMessageIntake.FAMILY)) {
                throw RefusedMessageException.of(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, null, "ketju-partner",
                        "only the " + FhirMessageIntake.FAMILY + " partner may use this door");
            }
            if (!validatorWarmUp.warm()) {
                return unavailable(synchronous, answerFormat, "The FHIR door is starting: its validator is not ready yet, so the "
                        + "message was not read. Send it again after " + settings.retryAfterSeconds() + " s.");
            }
            byte[] body = readBody(request);
            FhirFormat format = FhirFormat.ofContentType(request.getContentType()).orElseThrow(() -> RefusedMessageException.of(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, IssueType.NOTSUPPORTED, null, "ketju-media-type",
                    "Content-Type was " + (request.getContentType() == null ? "missing" : request.getContentType())
                            + ", must be application/fhir+json or application/fhir+xml (UTF-8)"));
            FhirMessageParser.Submission submission = intake.read(format, body);
            boolean async = isAsync(request, submission);
            refuseResponseUrl(request, submission);
            if (!async) {
                synchronous = FhirResponseMessage.requestHeaderId(submission.message())
                        .map(headerId -> new Synchronous(submission.message(), headerId));
            }
            FhirMessageIntake.Receipt receipt = intake.receive(submission.message(), body,
                    request.getHeader(CanonicalIntake.IDEMPOTENCY_KEY_HEADER));
            OperationOutcome outcome = accepted(receipt);
            if (synchronous.isPresent()) {
                Bundle response = FhirResponseMessage.accepted(synchronous.get().request(), synchronous.get().headerId(),
                        receipt.accepted().messageId(), outcome, endpoint());
                return ResponseEntity.ok().contentType(format.contentType()).location(receipt.accepted().status())
                        .body(parser.encode(format, response));
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(format.contentType())
                    .location(receipt.accepted().status())
                    .body(parser.encode(format, outcome));
        } catch (IntakeUnavailableException unavailable) {
            return unavailable(synchronous, answerFormat, unavailable.detail(settings.retryAfterSeconds()));
        } catch (RefusedMessageException refused) {
            auditTrail.recordRejected("/fhir/$process-message", refused.outcome().getIssue().stream().map(FhirMessageDoor::brokenRule).toList());
            return refusal(synchronous, refused.status(), answerFormat)
                    .body(refusalBody(synchronous, ResponseType.FATALERROR, refused.outcome(), answerFormat));
        }
    }

    /** 503 with Retry-After (a transient error): the message was not taken, and may be sent again as it is. */
    private ResponseEntity<String> unavailable(Optional<Synchronous> synchronous, FhirFormat answerFormat, String detail) {
        OperationOutcome outcome = new OperationOutcome();
        RefusedMessageException.addError(outcome, IssueType.TRANSIENT, null, "ketju-temporarily-unavailable", detail);
        return refusal(synchronous, HttpStatus.SERVICE_UNAVAILABLE, answerFormat)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(settings.retryAfterSeconds()))
                .body(refusalBody(synchronous, ResponseType.TRANSIENTERROR, outcome, answerFormat));
    }

    /** A synchronous request whose MessageHeader a response message can answer. */
    private record Synchronous(Bundle request, String headerId) {
    }

    /**
     * A refused message in synchronous mode is answered 200 with its response message (fatal-error or transient-error,
     * the OperationOutcome as an entry), not with the 4xx or 5xx of asynchronous mode. HAPI's generic client (8.8.1,
     * BaseClient.invokeClient) reads the body of any status outside 2xx as an OperationOutcome only: a response
     * message there fails that cast silently, and the developer gets an exception saying no more than
     * "HTTP 422 Unprocessable Entity", without the outcome naming the element and the rule. At 200 the client returns
     * the response message itself, whose MessageHeader.response.code and OperationOutcome say what was wrong.
     */
    private static ResponseEntity.BodyBuilder refusal(Optional<Synchronous> synchronous, HttpStatus asyncStatus, FhirFormat format) {
        return ResponseEntity.status(synchronous.isPresent() ? HttpStatus.OK : asyncStatus).contentType(format.contentType());
    }

    private String refusalBody(Optional<Synchronous> synchronous, ResponseType code, OperationOutcome outcome, FhirFormat format) {
        return parser.encode(format, synchronous.<IBaseResource>map(request -> FhirResponseMessage.refused(request.request(),
                request.headerId(), code, outcome, endpoint())).orElse(outcome));
    }

    /**
     * Asynchronous when asked for by the async parameter (in the URL, or in the Parameters form) or by
     * {@code Prefer: respond-async}; synchronous otherwise, as $process-message defines.
     */
    private static boolean isAsync(HttpServletRequest request, FhirMessageParser.Submission submission) {
        String query = request.getParameter(ASYNC);
        if (query != null && !query.equals("true") && !query.equals("false")) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.VALUE, ASYNC, "ketju-process-message-parameters",
                    "the parameter async must be true or false");
        }
        String prefer = request.getHeader("Prefer");
        return Boolean.parseBoolean(query) || submission.async().orElse(false)
                || prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
    }

    /** The hub sends no response messages anywhere: its answer is this one, and the message's status at Location. */
    private static void refuseResponseUrl(HttpServletRequest request, FhirMessageParser.Submission submission) {
        if (request.getParameter(RESPONSE_URL) != null || submission.responseUrl().isPresent()) {
            throw RefusedMessageException.of(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, RESPONSE_URL,
                    "ketju-process-message-parameters", "the hub sends no response messages to a response-url: it answers in "
                            + "the HTTP response, and GET /api/v1/messages/{id} (Location) follows the delivery; send without response-url");
        }
    }

    /** The door's own URL: the source endpoint of its response messages. */
    private static String endpoint() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir/$process-message").toUriString();
    }

    /**
     * The element and rule of a refusal's issue: the rule id the diagnostics start with, else the issue type (the
     * validator's own text may quote values, personal data among them).
     */
    private static SchemaViolation brokenRule(OperationOutcome.OperationOutcomeIssueComponent issue) {
        String[] diagnostics = issue.getDiagnostics() == null ? new String[] {""} : issue.getDiagnostics().split(": ", 2);
        String rule = diagnostics.length == 2 && RULE_ID.matcher(diagnostics[0]).matches() ? diagnostics[0] : issue.getCode().toCode();
        return new SchemaViolation(issue.getExpression().isEmpty() ? "Bundle" : issue.getExpression().get(0).getValue(), rule,
                issue.getDiagnostics());
    }

    /** Public: a client learns here what the door takes. Served as declared in the file, in the format asked for. */
    @GetMapping("/fhir/metadata")
    ResponseEntity<String> metadata(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        FhirFormat format = FhirFormat.ofAccept(accept);
        return ResponseEntity.ok().contentType(format.contentType()).body(parser.encode(format, capabilityStatement));
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try {
            return BoundedBody.read(request, settings.maxBodyBytes());
        } catch (PayloadTooLargeException e) {
            throw RefusedMessageException.of(HttpStatus.PAYLOAD_TOO_LARGE, IssueType.TOOLONG, null, "ketju-max-size",
                    "the body must be at most " + e.limit() + " bytes");
        }
    }

    /** The hub message id first, then what validation found (warnings only: the message is valid). */
    private static OperationOutcome accepted(FhirMessageIntake.Receipt receipt) {
        AcceptedMessage accepted = receipt.accepted();
        OperationOutcome outcome = receipt.validation().toOperationOutcome();
        outcome.getIssue().add(0, new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                .setDiagnostics((accepted.duplicate() ? "Already accepted earlier (a resend; not processed again)"
                        : "Accepted") + " as hub message " + accepted.messageId() + "; its delivery: " + accepted.status()));
        return outcome;
    }

    private static CapabilityStatement readCapabilityStatement(FhirContext fhirContext, Path file) {
        try {
            return fhirContext.newJsonParser().parseResource(CapabilityStatement.class, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        } catch (DataFormatException e) {
            throw new IllegalStateException("not a valid CapabilityStatement: " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
