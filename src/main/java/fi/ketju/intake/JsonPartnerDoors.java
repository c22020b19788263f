package fi.ketju.intake;

import fi.ketju.security.KetjuPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The doors of the partner families that speak their own JSON: social care (mappings/social-care/) and employment
 * services (mappings/employment/). They differ only in their entries in mappings/translations.yaml, which
 * {@link JsonIntake} follows, so one handler serves both paths.
 */
@RestController
class JsonPartnerDoors {

    /** The doors' path as springdoc writes it (the family's pattern left out); JsonDoorsDescription makes one per family. */
    static final String PATH = "/api/v1/{family}/messages";

    private final JsonIntake intake;
    private final IntakeSettings settings;

    JsonPartnerDoors(JsonIntake intake, IntakeSettings settings) {
        this.intake = intake;
        this.settings = settings;
    }

    @PostMapping(path = "/api/v1/{family:social-care|employment}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AcceptedMessage> receive(@PathVariable String family, @AuthenticationPrincipal KetjuPrincipal principal,
            HttpServletRequest request) throws IOException {
        return intake.receive(family, principal, request.getContentType(), request.getHeader(CanonicalIntake.IDEMPOTENCY_KEY_HEADER),
                BoundedBody.read(request, settings.maxBodyBytes())).response();
    }
}
