package fi.ketju.sandbox;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One delivery a simulated partner accepted, exactly as it arrived.
 *
 * @param receivedAt     when the sandbox stored it; ISO-8601 in JSON
 * @param contentType    the request's Content-Type header, null if none
 * @param idempotencyKey the request's Idempotency-Key header, null if none
 * @param body           the raw request body
 */
public record ReceivedMessage(
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant receivedAt,
        String contentType,
        String idempotencyKey,
        String body) {
}
