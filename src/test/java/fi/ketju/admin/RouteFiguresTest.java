package fi.ketju.admin;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.message.MessageContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Log lines about a message carry its ids while a route handles it, and only then; each route is counted. */
class RouteFiguresTest {

    @Test
    void aRouteHandlingAMessagePutsItsIdsInTheLoggingContextAndCountsIt() {
        RouteFigures figures = new RouteFigures(new SimpleMeterRegistry());
        CamelContext camel = new DefaultCamelContext();
        RoutePolicy routing = figures.createRoutePolicy(camel, "referral-routing", null);
        RoutePolicy dispatch = figures.createRoutePolicy(camel, "dispatch", null);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(MessageContext.MESSAGE_ID, "7d0b7a3e-0000-4000-8000-000000000001");
        exchange.getMessage().setHeader(MessageContext.CHAIN_ID, "chain-1");

        routing.onExchangeBegin(null, exchange);
        dispatch.onExchangeBegin(null, exchange);
        dispatch.onExchangeDone(null, exchange);
        // The route that called another still handles the message: its lines still say which.
        assertThat(MDC.get(MessageContext.MESSAGE_ID)).isEqualTo("7d0b7a3e-0000-4000-8000-000000000001");
        assertThat(MDC.get(MessageContext.CHAIN_ID)).isEqualTo("chain-1");
        routing.onExchangeDone(null, exchange);

        assertThat(MDC.get(MessageContext.MESSAGE_ID)).isNull();
        assertThat(MDC.get(MessageContext.CHAIN_ID)).isNull();
        assertThat(figures.figures("referral-routing").completed()).isEqualTo(1);
        assertThat(figures.figures("dispatch").completed()).isEqualTo(1);
        assertThat(figures.figures("referral-routing").meanMillis()).isNotNull();
    }
}
