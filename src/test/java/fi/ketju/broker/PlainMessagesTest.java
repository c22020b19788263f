package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A route taking from the broker begins each exchange with a plain message, the same body and headers. */
class PlainMessagesTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final PlainMessages plainMessages = new PlainMessages();

    @Test
    void onlyRoutesTakingFromTheBrokerGetThePolicy() {
        assertThat(plainMessages.createRoutePolicy(camel, "referral-routing", new RouteDefinition("jms:queue:ketju.inbound.referral")))
                .isNotNull();
        assertThat(plainMessages.createRoutePolicy(camel, "dispatch", new RouteDefinition("direct:dispatch"))).isNull();
        assertThat(plainMessages.createRoutePolicy(camel, "no-input", new RouteDefinition())).isNull();
    }

    @Test
    void theExchangeBeginsWithAPlainMessageThatCopiesWithoutTheJmsMessage() throws Exception {
        TextMessage taken = mock(TextMessage.class);
        when(taken.getText()).thenReturn("{\"type\":\"referral\"}");
        when(taken.getPropertyNames()).thenReturn(Collections.enumeration(List.of("ketjuMessageId", "JMSXDeliveryCount")));
        when(taken.getObjectProperty("ketjuMessageId")).thenReturn("01a24d9f-4919-7935-bece-48e72e70d803");
        when(taken.getObjectProperty("JMSXDeliveryCount")).thenReturn(2);
        when(taken.getJMSMessageID()).thenReturn("ID:42");
        Exchange exchange = new DefaultExchange(camel);
        exchange.setIn(new JmsMessage(exchange, taken, null, new JmsBinding()));
        RoutePolicy policy = plainMessages.createRoutePolicy(camel, "referral-routing",
                new RouteDefinition("jms:queue:ketju.inbound.referral"));

        policy.onExchangeBegin(null, exchange);

        assertThat(exchange.getMessage()).isNotInstanceOf(JmsMessage.class);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"type\":\"referral\"}");
        assertThat(exchange.getMessage().getHeader("ketjuMessageId")).isEqualTo("01a24d9f-4919-7935-bece-48e72e70d803");
        assertThat(exchange.getMessage().getHeader("JMSXDeliveryCount")).isEqualTo(2);
        assertThat(exchange.getMessage().getHeader("JMSMessageID")).isEqualTo("ID:42");
        // What the error handler does before every step of the route.
        assertThat(exchange.copy().getMessage()).isNotInstanceOf(JmsMessage.class);
    }
}
