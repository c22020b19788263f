package fi.ketju.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/**
 * The simulated health-care partner's FHIR interactions: {@code $process-message} and transaction, both at
 * server level. Every accepted request is recorded raw in the {@link SandboxInbox}.
 *
 * <p>Public, with public methods, because HAPI binds and invokes provider methods by reflection.
 */
public class HealthCareMessageProvider {

    private static final String URN_UUID = "urn:uuid:";

    private final SandboxInbox inbox;

    HealthCareMessageProvider(SandboxInbox inbox) {
        this.inbox = inbox;
    }

    /** Answers a message-response Bundle whose MessageHeader.response points at the request's MessageHeader. */
    @Operation(name = "$process-message", idempotent = false)
    public Bundle processMessage(@OperationParam(name = "content", min = 1, max = 1) Bundle message,
            RequestDetails request) {
        requireType(message, Bundle.BundleType.MESSAGE, "$process-message");
        MessageHeader header = messageHeaderOf(message);
        record(request);
        return messageResponse(header, request.getFhirServerBase());
    }

    /** Answers a transaction-response Bundle with 201 Created for every entry. */
    @Transaction
    public Bundle transaction(@TransactionParam Bundle transaction, RequestDetails request) {
        requireType(transaction, Bundle.BundleType.TRANSACTION, "transaction");
        record(request);
        return transactionResponse(transaction);
    }

    private void record(RequestDetails request) {
        inbox.receive(SandboxPartner.HEALTH_CARE, request.getHeader("Content-Type"),
                request.getHeader(SandboxInbox.IDEMPOTENCY_KEY_HEADER),
                new String(request.loadRequestContents(), StandardCharsets.UTF_8));
    }

    private static void requireType(Bundle bundle, Bundle.BundleType expected, String interaction) {
        if (bundle == null) {
            throw new InvalidRequestException(interaction + " takes a Bundle of type " + expected.toCode());
        }
        if (bundle.getType() != expected) {
            String actual = bundle.hasType() ? bundle.getType().toCode() : "missing";
            throw new InvalidRequestException(interaction + " takes a Bundle of type " + expected.toCode()
                    + ", got Bundle.type " + actual);
        }
    }

    private static MessageHeader messageHeaderOf(Bundle message) {
        if (message.getEntryFirstRep().getResource() instanceof MessageHeader header
                && header.getIdElement().hasIdPart()) {
            return header;
        }
        throw new InvalidRequestException(
                "A message Bundle must start with a MessageHeader that has an id (the response refers to it)");
    }

    private static Bundle messageResponse(MessageHeader request, String serverBase) {
        MessageHeader response = new MessageHeader()
                .setEvent(request.getEvent().copy())
                .setSource(new MessageHeader.MessageSourceComponent()
                        .setName("Ketju sandbox: health care")
                        .setEndpoint(serverBase))
                .setResponse(new MessageHeader.MessageHeaderResponseComponent()
                        .setIdentifier(messageHeaderId(request))
                        .setCode(MessageHeader.ResponseType.OK));
        if (request.getSource().hasEndpoint()) {
            response.addDestination().setEndpoint(request.getSource().getEndpoint());
        }
        String responseId = UUID.randomUUID().toString();
        response.setId(responseId);

        Bundle bundle = new Bundle()
                .setType(Bundle.BundleType.MESSAGE)
                .setTimestamp(new Date())
                .setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                        .setValue(URN_UUID + UUID.randomUUID()));
        bundle.addEntry().setFullUrl(URN_UUID + responseId).setResource(response);
        return bundle;
    }

    /**
     * A MessageHeader without an id of its own gets its entry's fullUrl as id from the parser; for a
     * {@code urn:uuid:} fullUrl the id proper is the UUID ({@code response.identifier} is of type id: no colons).
     */
    private static String messageHeaderId(MessageHeader header) {
        String id = header.getIdElement().getIdPart();
        return id.startsWith(URN_UUID) ? id.substring(URN_UUID.length()) : id;
    }

    private static Bundle transactionResponse(Bundle transaction) {
        Date now = new Date();
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            Bundle.BundleEntryResponseComponent outcome = new Bundle.BundleEntryResponseComponent()
                    .setStatus("201 Created")
                    .setEtag("W/\"1\"")
                    .setLastModified(now);
            if (entry.hasResource()) {
                outcome.setLocation(entry.getResource().fhirType() + "/" + UUID.randomUUID() + "/_history/1");
            }
            response.addEntry().setResponse(outcome);
        }
        return response;
    }
}
