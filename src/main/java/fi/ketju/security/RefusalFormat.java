package fi.ketju.security;

import fi.ketju.mapping.SchemaViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/**
 * How a door answers a refusal made before it (401, 403, 429) in its family's own form: an OperationOutcome at the
 * FHIR door, a SOAP Fault at Kela's. Elsewhere the refusal is problem+json.
 */
public interface RefusalFormat {

    /** Whether the request went to this format's door. */
    boolean covers(HttpServletRequest request);

    /** Writes the refusal's body and content type; the status and headers are already set. */
    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, SchemaViolation error) throws IOException;
}
