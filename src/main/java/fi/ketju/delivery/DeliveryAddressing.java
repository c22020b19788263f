package fi.ketju.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.measure.MeasureFacts;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import fi.ketju.message.MessageLedger;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Addresses a routed message: the recipients the route chose (header ketjuRecipients, comma-separated;
 * blanks, repeats and the sender itself are dropped) are written into the envelope and recorded as
 * pending deliveries, before the message goes to their queues.
 */
@Component("addressing")
class DeliveryAddressing {

    static final String RECIPIENTS = "ketjuRecipients";
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAddressing.class);

    private final ObjectMapper json;
    private final MessageLedger ledger;
    private final PartnerDirectory partners;
    private final MeasureFacts facts;

    DeliveryAddressing(ObjectMapper json, MessageLedger ledger, PartnerDirectory partners, MeasureFacts facts) {
        this.json = json;
        this.ledger = ledger;
        this.partners = partners;
        this.facts = facts;
    }

    /** One database transaction: a message recorded here (its door's transaction lost) gets its measure facts with it. */
    @Transactional
    public void address(Exchange exchange) throws IOException {
        ObjectNode canonical = (ObjectNode) json.readTree(exchange.getMessage().getBody(String.class));
        String sender = canonical.path("sender").path("partner").asText();
        List<String> recipients = Arrays.stream(exchange.getMessage().getHeader(RECIPIENTS, "", String.class).split(","))
                .map(String::trim)
                .filter(r -> !r.isEmpty() && !r.equals(sender)) // a partner never gets its own message back
                .distinct()
                .toList();
        recipients.forEach(partners::get); // an unknown recipient in a route is a configuration error, not a delivery
        ArrayNode addressed = canonical.putArray("recipients");
        recipients.forEach(addressed::add);
        Envelope envelope = Envelope.of(canonical);
        MessageLedger.Routed routed = ledger.recordRouted(envelope, exchange.getMessage().getHeader(MessageContext.CONTENT_DIGEST, String.class),
                exchange.getMessage().getHeader(MessageContext.GROUP_ID, String.class), recipients);
        if (routed == MessageLedger.Routed.RECORDED_HERE) {
            facts.record(canonical); // what the door's lost transaction would have recorded for the measures
        }
        if (routed == MessageLedger.Routed.SUPERSEDED) {
            LOG.info("message {} goes nowhere: the sender's resend of {} superseded it", envelope.messageId(), envelope.senderMessageId());
            exchange.getMessage().setHeader(RECIPIENTS, "");
            return;
        }
        exchange.getMessage().setHeader(RECIPIENTS, String.join(",", recipients));
        exchange.getMessage().setBody(json.writeValueAsString(canonical));
    }
}
