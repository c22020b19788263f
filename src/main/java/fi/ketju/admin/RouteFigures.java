package fi.ketju.admin;

import fi.ketju.message.MessageContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/**
 * Every route's live figures (ketju_route_exchanges_total{route,outcome=completed|failed}, and
 * ketju_route_processing_seconds{route}: count and mean time), published at /actuator/prometheus and shown by
 * GET /api/v1/admin/routes; and the message's ids in the logging context while a route handles it. Camel applies
 * it to every route, including one an admin deploys.
 */
@Component
class RouteFigures implements RoutePolicyFactory {

    private static final String STARTED = "ketjuRouteStarted.";
    private static final String ENTERED = "ketjuLogContextEntered.";

    private final MeterRegistry registry;

    RouteFigures(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route route, Exchange exchange) {
                exchange.setProperty(STARTED + routeId, System.nanoTime());
                if (MessageContext.enter(exchange.getMessage().getHeader(MessageContext.MESSAGE_ID),
                        exchange.getMessage().getHeader(MessageContext.CHAIN_ID))) {
                    exchange.setProperty(ENTERED + routeId, true);
                }
            }

            @Override
            public void onExchangeDone(Route route, Exchange exchange) {
                if (exchange.removeProperty(STARTED + routeId) instanceof Long started) {
                    processing(routeId).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
                exchanges(routeId, exchange.isFailed() ? "failed" : "completed").increment();
                if (exchange.removeProperty(ENTERED + routeId) != null) {
                    MessageContext.clear();
                }
            }
        };
    }

    /** What GET /api/v1/admin/routes shows of a route. */
    Figures figures(String routeId) {
        Timer processing = processing(routeId);
        return new Figures((long) exchanges(routeId, "completed").count(), (long) exchanges(routeId, "failed").count(),
                processing.count() == 0 ? null : LiveFigures.millis(processing.mean(TimeUnit.MILLISECONDS)));
    }

    private Counter exchanges(String routeId, String outcome) {
        return Counter.builder("ketju.route.exchanges").description("Messages a route finished with, by outcome")
                .tag("route", routeId).tag("outcome", outcome).register(registry);
    }

    private Timer processing(String routeId) {
        return Timer.builder("ketju.route.processing").description("Time a route took over a message")
                .tag("route", routeId).register(registry);
    }

    /** Messages out (completed), failed, and the mean time a route took over one, in milliseconds. */
    record Figures(long completed, long failed, Double meanMillis) {
    }
}
