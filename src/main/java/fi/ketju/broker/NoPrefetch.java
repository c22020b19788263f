package fi.ketju.broker;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The hub's consumers take one message at a time from the broker (consumer window 0) instead of a buffer of up to 1 MB
 * each. A buffered message counts as handed out, so with buffers a queue whose clients' groups are rebalanced (a hub
 * joins or comes back) paused its dispatch until every consumer had worked through its whole buffer, and the groups
 * stayed with the consumers that had them: a hub started again got no share of the work. Each of the hub's messages
 * costs milliseconds to tens of milliseconds to handle, so the round trip for the next one costs little. Set on the
 * Artemis connection factory that Spring Boot makes, embedded or native (Spring Boot has no customizer for it).
 */
@Component
class NoPrefetch implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JmsPoolConnectionFactory pool && pool.getConnectionFactory() instanceof ActiveMQConnectionFactory artemis) {
            artemis.setConsumerWindowSize(0);
        } else if (bean instanceof ActiveMQConnectionFactory artemis) {
            artemis.setConsumerWindowSize(0);
        }
        return bean;
    }
}
