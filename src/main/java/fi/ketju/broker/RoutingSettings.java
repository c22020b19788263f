package fi.ketju.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the routing routes consume the inbound queues (routes/*-routing.camel.yaml read these). */
@ConfigurationProperties("ketju.routing")
public record RoutingSettings(int consumers) {
}
