package fi.ketju.message;

import fi.ketju.security.KetjuPrincipal;
import fi.ketju.web.ApiDocuments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lets a sender follow its message: status, each delivery, and what the hub logged. */
@RestController
class MessageStatusController {

    private final MessageLedger ledger;

    MessageStatusController(MessageLedger ledger) {
        this.ledger = ledger;
    }

    @Operation(operationId = "getMessageStatus", summary = "A message's status, each delivery and what the hub logged (the Location of its acceptance)")
    @ApiResponse(responseCode = "200", description = "The message, as its sender (or an admin or auditor) may see it",
            content = @Content(schema = @Schema(implementation = MessageStatus.class)))
    @ApiResponse(responseCode = "404", description = "No such message visible to this identity",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = ApiDocuments.PROBLEM)))
    @GetMapping("/api/v1/messages/{id}")
    ResponseEntity<?> status(@PathVariable UUID id, @AuthenticationPrincipal KetjuPrincipal principal) {
        return ledger.status(id)
                // A partner sees only its own messages; to anyone else another partner's message does not exist.
                .filter(status -> principal.role() != KetjuPrincipal.Role.PARTNER || status.sender().equals(principal.partner()))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No message " + id + " is visible to you.")));
    }
}
