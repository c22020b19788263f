package fi.ketju.broker;

import jakarta.jms.ConnectionFactory;
import java.util.List;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
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

    /** As default-group-buckets in the shipped broker.xml. */
    private static final int GROUP_BUCKETS = 1024;

    /** Database work (the message ledger) uses plain JDBC transactions. */
    @Bean
    @Primary
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /** For the admin's dead-letter actions, which take a message and send it on in one JMS transaction. */
    @Bean
    JmsTransactionManager jmsTransactionManager(ConnectionFactory connectionFactory) {
        return new JmsTransactionManager(connectionFactory);
    }

    /**
     * Routes consume in a local JMS transaction (transacted session, no transaction manager): the route's
     * sends go through the very session that received the message, so the receive and every send commit
     * together or roll back together. A JmsTransactionManager here would send through a session of its own,
     * committed after the listener's, and a crash between the two commits would lose the message.
     * <p>
     * The routes' listeners use Artemis' own connection factory, not Spring Boot's pool (which the doors and the admin's
     * JmsTemplate keep): each listener container holds its connection and caches its sessions itself, and Artemis fails
     * them over to the backup in place. The pool closed its connection, and with it every listener's session, on the
     * failover notice Artemis gives to exception listeners, under consumers busy in their transactions (Artemis warned
     * AMQ212051, a session used by two threads). A container still closes its shared connection after a listener's
     * setup failure (Spring's recovery); what that can leave behind, a send committed without the message it came from,
     * is routed again without a loop (DuplicateIds.routedAgain).
     */
    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory, SealedBodies sealedBodies) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory instanceof JmsPoolConnectionFactory pool
                ? (ConnectionFactory) pool.getConnectionFactory() : connectionFactory);
        jms.getConfiguration().setTransacted(true);
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        // Every message is persistent; a send returns only once the broker has it on disk.
        jms.getConfiguration().setDeliveryPersistent(true);
        // Each listener keeps its session and consumer: one consumer per listener, not one per message.
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        // Bodies are sealed on the way to the broker and opened as a route takes them.
        jms.getConfiguration().setMessageConverter(sealedBodies);
        return jms;
    }

    /**
     * Embedded broker, set as the shipped external one (src/main/docker/artemis/broker.xml): a message that is rolled
     * back comes again at once, at the head of its queue (the hub backs off inside its own transaction, see
     * routes/error-handling.camel.yaml; a broker delay would let a client's next message overtake it). The hub gives a
     * delivery up itself after ketju.delivery.max-attempts (see DeliveryOutcomes); the broker's own limit
     * (ketju.broker.backstop-attempts) is a backstop against a loop, far above it because the broker counts every
     * hand-out that was rolled back, also those that were no attempt: a suspended or redeployed route's consumers, a
     * stopping hub's and a failover's each hand back the message they were waiting for, up to one per consumer (16). It
     * sends what it gives up to the backstop dead-letter queue, declared here because Artemis drops a message given up
     * to an address without a queue. Clients' groups (JMSXGroupID) hash into
     * buckets (bounded memory) and are rebalanced when consumers come and go, pausing dispatch until what was handed
     * out is acknowledged, so a group's order holds. A backlog beyond ketju.broker.memory is paged to disk. Duplicate
     * ids (DuplicateIds) are remembered per address, the last ketju.broker.id-cache-size of them, on the journal, so
     * that they hold across a restart.
     */
    @Bean
    ArtemisConfigurationCustomizer redeliveryAndDeadLetters(QueueNames queues, EmbeddedBrokerSettings broker) {
        return configuration -> {
            configuration.setJournalSyncTransactional(true);
            configuration.setJournalSyncNonTransactional(true);
            configuration.setGlobalMaxSize(broker.memory().toBytes());
            configuration.setIDCacheSize(broker.idCacheSize());
            configuration.setPersistIDCache(true);
            for (String prefix : List.of(queues.inboundPrefix(), queues.deliveryPrefix())) {
                configuration.addAddressSetting(prefix + "#", new AddressSettings()
                        .setRedeliveryDelay(0)
                        .setMaxDeliveryAttempts(broker.backstopAttempts())
                        .setDeadLetterAddress(SimpleString.of(queues.backstopDeadLetter()))
                        .setDefaultGroupBuckets(GROUP_BUCKETS)
                        .setDefaultGroupRebalance(true)
                        .setDefaultGroupRebalancePauseDispatch(true));
            }
            // A dead letter stays until an admin replays or discards it, however often it was looked at.
            configuration.addAddressSetting(queues.deadLetterPrefix() + "#", new AddressSettings().setMaxDeliveryAttempts(-1));
            configuration.addQueueConfiguration(QueueConfiguration.of(queues.backstopDeadLetter()).setRoutingType(RoutingType.ANYCAST));
        };
    }
}
