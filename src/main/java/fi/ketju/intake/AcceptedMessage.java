package fi.ketju.intake;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The answer to an accepted message. {@code duplicate} is true when the sender had already sent a
 * message with the same id: it gets the original hub message id back and nothing is sent again.
 */
public record AcceptedMessage(UUID messageId, boolean duplicate, URI status) {

    public static AcceptedMessage of(UUID messageId, boolean duplicate) {
        return new AcceptedMessage(messageId, duplicate, URI.create("/api/v1/messages/" + messageId));
    }

    public ResponseEntity<AcceptedMessage> response() {
        return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.ACCEPTED).location(status).body(this);
    }
}
