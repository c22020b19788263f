package fi.ketju.fhir;

import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.RefusalFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** A refusal before the FHIR door (credentials, role, rate) as an OperationOutcome, in the format the request used. */
@Component
class FhirRefusalFormat implements RefusalFormat {

    private final FhirMessageParser parser;

    FhirRefusalFormat(FhirMessageParser parser) {
        this.parser = parser;
    }

    @Override
    public boolean covers(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/fhir/");
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, SchemaViolation error)
            throws IOException {
        FhirFormat format = FhirFormat.ofContentType(request.getContentType()).orElse(FhirFormat.JSON);
        OperationOutcome outcome = new OperationOutcome();
        RefusedMessageException.addError(outcome, switch (status) {
            case UNAUTHORIZED -> IssueType.LOGIN;
            case TOO_MANY_REQUESTS -> IssueType.THROTTLED;
            default -> IssueType.FORBIDDEN;
        }, null, "ketju-" + error.rule(), error.detail());
        response.setContentType(format.contentType().toString());
        response.getOutputStream().write(parser.encode(format, outcome).getBytes(StandardCharsets.UTF_8));
    }
}
