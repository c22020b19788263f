package fi.ketju.broker;

import fi.ketju.audit.PersonalDataCipher;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.support.converter.MessageConversionException;
import org.springframework.jms.support.converter.MessageConverter;
import org.springframework.stereotype.Component;

/**
 * Every message body the hub puts on the broker is sealed: AES-256-GCM with the hub's personal-data key
 * ({@link PersonalDataCipher}, {@code ketju.audit.encryption-key}), the key's id in the property {@value #KEY_ID}.
 * A canonical message names the client and carries their identity code, diagnoses and contact data, and the broker
 * keeps bodies on disk: its journal (where an acknowledged message's bytes stay until the file is compacted or
 * reused), its paging files, and the dead-letter queues until an admin acts. Personal data at rest is encrypted, there
 * as in the database. The headers (ids, type, sender, the client's keyed hash as the group) hold no personal data.
 *
 * <p>Spring's JMS {@link MessageConverter} is the documented way into both directions: Camel's JMS component uses it
 * for every route's sends and receives ({@code BrokerConfiguration}), Spring Boot's JmsTemplate (the doors' intake)
 * for its sends. A body is sealed as it is sent and opened as a route takes it, so routes and mappings see the same
 * text as before. A text message is taken as it is: one queued by a hub before bodies were sealed.
 */
@Component
class SealedBodies implements MessageConverter {

    /** The id of the key that sealed the body; its absence marks a message not sealed by the hub. */
    static final String KEY_ID = "ketjuBodyKey";
    /** Bound to each ciphertext as associated data: a body sealed for the broker opens nowhere else, nor the reverse. */
    private static final String CONTEXT = "broker message body";

    private final PersonalDataCipher cipher;

    SealedBodies(PersonalDataCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Message toMessage(Object body, Session session) throws JMSException {
        if (!(body instanceof String text)) {
            throw new MessageConversionException("the hub puts only text on the broker, not "
                    + (body == null ? "an empty body" : body.getClass().getName()));
        }
        PersonalDataCipher.Sealed sealed = cipher.seal(text, CONTEXT);
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(sealed.ciphertext());
        message.setStringProperty(KEY_ID, sealed.keyId());
        return message;
    }

    /**
     * @throws IllegalStateException when no configured key opens the body ({@code ketju.audit.previous-keys} must keep
     *                               a retired key while messages sealed with it may still be queued) or it was altered
     */
    @Override
    public Object fromMessage(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes && message.propertyExists(KEY_ID)) {
            bytes.reset(); // from the first byte, however often the body is asked for
            byte[] ciphertext = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(ciphertext);
            return cipher.open(new PersonalDataCipher.Sealed(message.getStringProperty(KEY_ID), ciphertext), CONTEXT);
        }
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        throw new MessageConversionException("not a message of the hub's: a " + message.getClass().getSimpleName()
                + " without " + KEY_ID);
    }
}
