package fi.ketju.broker;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Puts a plain Camel message in place of the JmsMessage a route took from the broker: the same body and headers (the
 * JMS ones among them, JMSXDeliveryCount and JMSMessageID too), read from the JMS message once. Camel gives every route
 * that takes from the broker this route policy (a {@link RoutePolicyFactory} bean), which swaps the message when the
 * exchange begins, before the route's first step.
 *
 * <p>Why: the error handler copies the exchange before every step of a route that may retry, and Camel 4.18.0's
 * {@code JmsMessage.newInstance()} builds the copy as {@code new JmsMessage(null, null, null, binding)}, whose
 * constructor asks {@code JmsMessageHelper.getJMSRedelivered(null)}: a NullPointerException thrown and caught for
 * every copy. A plain message copies without it. Not a first step of the route: the error handler copies the exchange
 * before that step too, while it still holds the JmsMessage. The JMS transaction is the listener's, not the message's,
 * so it commits or rolls back as before.
 */
@Component
class PlainMessages implements RoutePolicyFactory {

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        // An admin's route file may take from anything; only a route taking from the broker gets the policy.
        String from = route instanceof RouteDefinition definition && definition.getInput() != null
                ? definition.getInput().getEndpointUri()
                : null;
        return from != null && from.startsWith("jms:") ? new Detach() : null;
    }

    private static final class Detach extends RoutePolicySupport {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            Message taken = exchange.getMessage();
            if (taken instanceof JmsMessage) {
                DefaultMessage plain = new DefaultMessage(exchange);
                plain.copyFrom(taken);
                exchange.setMessage(plain);
            }
        }
    }
}
