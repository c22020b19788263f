package fi.ketju.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.MessageHeader.ResponseType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UrlType;

/**
 * The response message of synchronous $process-message (FHIR R4 messaging): a Bundle of type message whose
 * MessageHeader answers the request's MessageHeader by its id, with the outcome as an OperationOutcome entry that
 * MessageHeader.response.details refers to. The event is the request's, as a response message carries the event it
 * answers.
 */
final class FhirResponseMessage {

    /** The system of the hub message id, the response message's Bundle.identifier once the hub has the message. */
    static final String HUB_MESSAGE_SYSTEM = "https://ketju.fi/fhir/hub-message";
    /** R4's id datatype: what MessageHeader.response.identifier can hold. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final String URN_UUID = "urn:uuid:";

    private FhirResponseMessage() {
    }

    /**
     * The id a response names the request's MessageHeader by: its own id, else the UUID of its {@code urn:uuid:}
     * fullUrl (how a message Bundle names a resource that has no id). Empty when there is no MessageHeader to answer.
     */
    static Optional<String> requestHeaderId(Bundle request) {
        Bundle.BundleEntryComponent first = request.getEntryFirstRep();
        if (!(first.getResource() instanceof MessageHeader header)) {
            return Optional.empty();
        }
        String fullUrl = first.getFullUrl();
        String id = fullUrl != null && fullUrl.startsWith(URN_UUID) ? fullUrl.substring(URN_UUID.length())
                : header.getIdElement().getIdPart();
        return Optional.ofNullable(id).filter(candidate -> FHIR_ID.matcher(candidate).matches());
    }

    /**
     * The message is the hub's: {@code ok}, the hub message id as Bundle.identifier. Its identifiers derive from the
     * hub message id, so a resend gets the same response message.
     */
    static Bundle accepted(Bundle request, String requestHeaderId, UUID hubMessageId, OperationOutcome outcome, String endpoint) {
        Bundle response = response(request, requestHeaderId, ResponseType.OK, outcome, endpoint,
                nameBased("header " + hubMessageId), nameBased("outcome " + hubMessageId));
        response.getIdentifier().setSystem(HUB_MESSAGE_SYSTEM).setValue(hubMessageId.toString());
        return response;
    }

    /** The message is refused, nothing of it kept: {@code fatal-error} or {@code transient-error}, and why. */
    static Bundle refused(Bundle request, String requestHeaderId, ResponseType code, OperationOutcome outcome, String endpoint) {
        Bundle response = response(request, requestHeaderId, code, outcome, endpoint, UUID.randomUUID(), UUID.randomUUID());
        response.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue(URN_UUID + UUID.randomUUID());
        return response;
    }

    private static Bundle response(Bundle request, String requestHeaderId, ResponseType code, OperationOutcome outcome,
            String endpoint, UUID headerId, UUID outcomeId) {
        MessageHeader requestHeader = (MessageHeader) request.getEntryFirstRep().getResource();
        MessageHeader header = new MessageHeader();
        header.setId(headerId.toString());
        header.setEvent(requestHeader.getEventCoding().copy());
        header.getSource().setName("Ketju").setSoftware("Ketju").setEndpoint(endpoint);
        // Only the endpoint of the request's source: a response is for the system that sent the request.
        if (requestHeader.getSource().hasEndpoint()) {
            header.addDestination().setEndpointElement(new UrlType(requestHeader.getSource().getEndpoint()));
        }
        header.getResponse().setIdentifier(requestHeaderId).setCode(code)
                .setDetails(new Reference(URN_UUID + outcomeId));
        outcome.setId(outcomeId.toString());

        Bundle response = new Bundle();
        response.setType(Bundle.BundleType.MESSAGE);
        response.setTimestamp(new Date());
        response.addEntry().setFullUrl(URN_UUID + headerId).setResource(header);
        response.addEntry().setFullUrl(URN_UUID + outcomeId).setResource(outcome);
        return response;
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
