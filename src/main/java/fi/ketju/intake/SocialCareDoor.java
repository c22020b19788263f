package fi.ketju.intake;

import fi.ketju.security.KetjuPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The social-care system's door: its own JSON (mappings/social-care/message.schema.json). */
@RestController
class SocialCareDoor {

    private final JsonIntake intake;
    private final IntakeSettings settings;

    SocialCareDoor(JsonIntake intake, IntakeSettings settings) {
        this.intake = intake;
        this.settings = settings;
    }

    @PostMapping(path = "/api/v1/social-care/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AcceptedMessage> receive(@AuthenticationPrincipal KetjuPrincipal principal, HttpServletRequest request)
            throws IOException {
        return intake.receive("social-care", principal, request.getContentType(),
                BoundedBody.read(request, settings.maxBodyBytes())).response();
    }
}
