package fi.ketju.broker;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Queue depth: the embedded broker publishes its own per-queue figures (artemis_message_count,
 * artemis_delivering_message_count, artemis_messages_added_total, ... tagged with queue) into the hub's meter
 * registry, so every queue appears, including one created after start. An external broker (production) is
 * scraped by Prometheus itself (Artemis' metrics plugin there); the hub does not poll it over the network.
 */
@Configuration(proxyBeanMethods = false)
class BrokerMetrics {

    @Bean
    ArtemisConfigurationCustomizer queueMetrics(ObjectProvider<MeterRegistry> registry) {
        return configuration -> configuration.setMetricsConfiguration(new MetricsConfiguration()
                .setPlugin(new HubRegistry(registry.getObject()))
                // The JVM's own figures are already published by Spring Boot.
                .setJvmMemory(false));
    }

    /** Artemis' plugin interface is Serializable; the broker never serializes it, so the registry is transient. */
    private static final class HubRegistry implements ActiveMQMetricsPlugin {

        private final transient MeterRegistry registry;

        private HubRegistry(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public ActiveMQMetricsPlugin init(Map<String, String> options) {
            return this;
        }

        @Override
        public MeterRegistry getRegistry() {
            return registry;
        }
    }
}
