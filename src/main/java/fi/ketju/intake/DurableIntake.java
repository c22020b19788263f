package fi.ketju.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.audit.PersonalDataCipher;
import fi.ketju.audit.Subjects;
import fi.ketju.broker.DuplicateIds;
import fi.ketju.broker.QueueNames;
import fi.ketju.measure.MeasureFacts;
import fi.ketju.message.Envelope;
import fi.ketju.message.MessageContext;
import fi.ketju.message.MessageLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes an accepted canonical message durable: recorded in the ledger (with its body, encrypted, for replay and
 * investigation) and on the broker's journal before the door answers. The broker has the message before the
 * database transaction commits (best-effort one-phase commit); if the hub dies between the two, the routing records the message
 * when it consumes it (MessageLedger.recordRouted), so nothing is lost either way.
 */
@Component
class DurableIntake {

    private final MessageLedger ledger;
    private final JmsTemplate jms;
    private final QueueNames queues;
    private final ObjectMapper json;
    private final PersonalDataCipher cipher;
    private final MeterRegistry metrics;
    private final MeasureFacts facts;

    DurableIntake(MessageLedger ledger, JmsTemplate jms, QueueNames queues, ObjectMapper json, PersonalDataCipher cipher,
            MeterRegistry metrics, MeasureFacts facts) {
        this.ledger = ledger;
        this.jms = jms;
        this.queues = queues;
        this.json = json;
        this.cipher = cipher;
        this.metrics = metrics;
        this.facts = facts;
    }

    /**
     * Called with the message's ids in the logging context (CanonicalIntake); {@code contentDigest} is what the message
     * says (ContentDigest), kept with it to tell a resend from another message under a used id.
     */
    @Transactional
    public void enqueue(JsonNode canonical, Subjects.Subject subject, String idempotencyKey, String contentDigest, Instant receivedAt) {
        Envelope envelope = Envelope.of(canonical);
        String body = serialize(canonical);
        ledger.recordAccepted(envelope, subject, idempotencyKey, contentDigest, cipher.seal(body, envelope.messageId().toString()),
                receivedAt);
        // In the same transaction: the measures count exactly the messages the ledger has.
        facts.record(canonical);
        // Not transacted (Spring Boot's JmsTemplate, on its pooled connections): the send is on the journal when it
        // returns, before the database commits. In the database's transaction a transacted JMS session would commit
        // only after it, and a crash in between would leave a recorded message that never reached the broker.
        jms.convertAndSend(queues.inbound(envelope.type()), body, message -> {
            message.setStringProperty(MessageContext.MESSAGE_ID, envelope.messageId().toString());
            message.setStringProperty("ketjuType", envelope.type());
            message.setStringProperty(MessageContext.CHAIN_ID, envelope.chainId());
            message.setLongProperty(MessageContext.ACCEPTED_AT, receivedAt.toEpochMilli());
            // Computed here, not again by routing: the chain id the hub made up is resolved in the body by now.
            message.setStringProperty(MessageContext.CONTENT_DIGEST, contentDigest);
            message.setStringProperty(MessageContext.GROUP_ID, subject.key());
            // A send retried after a broker failover is not enqueued twice.
            message.setStringProperty(DuplicateIds.HEADER, DuplicateIds.accepted(envelope.messageId().toString()));
            return message;
        });
        Counter.builder("ketju.messages.accepted").description("Messages accepted at the doors")
                .tag("type", envelope.type()).tag("sender", envelope.sender()).register(metrics).increment();
    }

    private String serialize(JsonNode canonical) {
        try {
            return json.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical message does not serialize", e);
        }
    }
}
