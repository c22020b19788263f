package fi.ketju.broker;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import fi.ketju.delivery.DeliverySettings;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The broker side of "nothing lost": routes consume and produce inside one JMS transaction, and the
 * broker, not the hub's memory, holds a message until a route has finished with it.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    /** Database work (the message ledger) uses plain JDBC transactions. */
    @Bean
    @Primary
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new JmsTransactionManager(connectionFactory);
    }

    /** The policy the routes' {@code transacted} step looks up by its default name. */
    @Bean("PROPAGATION_REQUIRED")
    SpringTransactionPolicy propagationRequired(JmsTransactionManager jmsTransactionManager) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(jmsTransactionManager);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }

    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory, JmsTransactionManager jmsTransactionManager) {
        JmsComponent jms = JmsComponent.jmsComponentTransacted(connectionFactory, jmsTransactionManager);
        // Every message is persistent; a send returns only once the broker has it on disk.
        jms.getConfiguration().setDeliveryPersistent(true);
        // With a transaction manager, Spring's listener would otherwise open a new consumer for every receive.
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    /**
     * Embedded broker: a delivery that is rolled back comes again after a growing delay, so a partner
     * that is down is not hammered. The hub gives a message up itself after ketju.delivery.max-attempts
     * (see DeliveryFailures); the broker's own limit is only a backstop against a loop.
     */
    @Bean
    ArtemisConfigurationCustomizer deliveryRedelivery(QueueNames queues, DeliverySettings delivery) {
        return configuration -> {
            configuration.setJournalSyncTransactional(true);
            configuration.setJournalSyncNonTransactional(true);
            configuration.addAddressSetting(queues.deliveryPrefix() + "#", new AddressSettings()
                    .setRedeliveryDelay(delivery.redeliveryDelay().toMillis())
                    .setRedeliveryMultiplier(delivery.redeliveryMultiplier())
                    .setMaxRedeliveryDelay(delivery.redeliveryMaxDelay().toMillis())
                    .setMaxDeliveryAttempts(delivery.maxAttempts() * 2)
                    .setDeadLetterAddress(SimpleString.of(queues.backstopDeadLetter())));
        };
    }
}
