package fi.ketju.broker;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * Puts a plain Camel message in place of the JmsMessage a route took from the broker (routes/error-handling.camel.yaml,
 * interceptFrom): the same body and headers (the JMS ones among them, JMSXDeliveryCount and JMSMessageID too), read
 * from the JMS message once.
 *
 * <p>Why: the error handler copies the exchange before every step of a route that may retry, and Camel 4.18.0's
 * {@code JmsMessage.newInstance()} builds the copy as {@code new JmsMessage(null, null, null, binding)}, whose
 * constructor asks {@code JmsMessageHelper.getJMSRedelivered(null)}: a NullPointerException thrown and caught for
 * every copy, about 5% of the hub's CPU under load (flight recording, issue 18). A plain message copies without it.
 * The JMS transaction is the listener's, not the message's, so it commits or rolls back as before.
 */
@Component("plainMessages")
class PlainMessages {

    public void detach(Exchange exchange) {
        Message taken = exchange.getMessage();
        if (taken instanceof JmsMessage) {
            DefaultMessage plain = new DefaultMessage(exchange);
            plain.copyFrom(taken);
            exchange.setMessage(plain);
        }
    }
}
