package fi.ketju.kela;

import fi.ketju.mapping.SchemaViolation;
import fi.ketju.security.RefusalFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A refusal before Kela's door (credentials, role, rate) as an X-Road SOAP Fault, faultcode Client; the HTTP status
 * (401, 403, 429) still says what kind of refusal it is.
 */
@Component
class XRoadRefusalFormat implements RefusalFormat {

    @Override
    public boolean covers(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/xroad/");
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, SchemaViolation error)
            throws IOException {
        response.setContentType("text/xml;charset=UTF-8");
        response.getOutputStream().write(XRoadAnswers.fault(XRoadAnswers.FaultCode.Client,
                "The message was refused and nothing was stored. " + error.detail(), List.of(error)).getBytes(StandardCharsets.UTF_8));
    }
}
