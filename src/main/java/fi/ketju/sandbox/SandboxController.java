package fi.ketju.sandbox;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulated social-care, employment and Kela receivers, and a look into what every partner received.
 * The health-care partner's FHIR server is a separate servlet (see {@link HealthCareSandboxConfiguration}).
 */
@RestController
@RequestMapping("/sandbox")
@SecurityRequirements // open: the simulated partners take and show anything, in the sandbox only

@Profile("sandbox")
class SandboxController {

    private static final Set<SandboxPartner> JSON_PARTNERS = EnumSet.of(SandboxPartner.SOCIAL_CARE,
            SandboxPartner.EMPLOYMENT);
    private static final MediaType TEXT_XML_UTF8 = MediaType.parseMediaType("text/xml;charset=UTF-8");

    private final SandboxInbox inbox;
    private final ObjectMapper objectMapper;

    SandboxController(SandboxInbox inbox, ObjectMapper objectMapper) {
        this.inbox = inbox;
        this.objectMapper = objectMapper;
    }

    @ApiResponse(responseCode = "202", description = "Taken into the simulated partner's inbox")
    @ApiResponse(responseCode = "400", description = "Not a JSON document")
    @ApiResponse(responseCode = "404", description = "No such partner, or one that takes no JSON")
    @PostMapping("/{partner}/messages")
    ResponseEntity<Void> receiveJson(@PathVariable String partner,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestHeader(value = SandboxInbox.IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) String body) {
        SandboxPartner receiver = partner(partner);
        if (!JSON_PARTNERS.contains(receiver)) {
            throw problem(HttpStatus.NOT_FOUND, "Partner '" + partner + "' takes no JSON messages here; "
                    + "use /sandbox/health-care/fhir or /sandbox/kela/xroad");
        }
        if (!isJson(body)) {
            throw problem(HttpStatus.BAD_REQUEST, "The body must be a JSON document");
        }
        inbox.receive(receiver, contentType, idempotencyKey, body);
        return ResponseEntity.accepted().build();
    }

    /** SOAP faults go back with HTTP 500, as SOAP 1.1 over HTTP prescribes. */
    @PostMapping(path = "/kela/xroad", consumes = MediaType.TEXT_XML_VALUE)
    ResponseEntity<String> receiveXRoad(
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestHeader(value = SandboxInbox.IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) String body) {
        try {
            String answer = XRoadSoapAnswers.acknowledge(body);
            inbox.receive(SandboxPartner.KELA, contentType, idempotencyKey, body);
            return ResponseEntity.ok().contentType(TEXT_XML_UTF8).body(answer);
        } catch (XRoadSoapAnswers.NotSoapException e) {
            return ResponseEntity.internalServerError().contentType(TEXT_XML_UTF8)
                    .body(XRoadSoapAnswers.clientFault(e.getMessage()));
        }
    }

    @GetMapping("/{partner}/received")
    List<ReceivedMessage> received(@PathVariable String partner) {
        return inbox.received(partner(partner));
    }

    @ApiResponse(responseCode = "204", description = "The inbox is empty")
    @DeleteMapping("/{partner}/received")
    ResponseEntity<Void> clear(@PathVariable String partner) {
        inbox.clear(partner(partner));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problemJson(ErrorResponseException e) {
        return ResponseEntity.status(e.getStatusCode()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.getBody());
    }

    private static SandboxPartner partner(String pathName) {
        return SandboxPartner.fromPathName(pathName).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                "Unknown sandbox partner '" + pathName + "'; known: social-care, health-care, employment, kela"));
    }

    private boolean isJson(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            objectMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
