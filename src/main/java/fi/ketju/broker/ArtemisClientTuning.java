package fi.ketju.broker;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * How the hub's Artemis client talks to the broker, set on the connection factory that Spring Boot makes, embedded or
 * native (Spring Boot has no customizer for either setting).
 * <ul>
 *   <li>No prefetch: consumers take one message at a time (consumer window 0) instead of a buffer of up to 1 MB each.
 *       A buffered message counts as handed out, so with buffers a queue whose clients' groups are rebalanced (a hub
 *       joins or comes back) paused its dispatch until every consumer had worked through its whole buffer, and the
 *       groups stayed with the consumers that had them: a hub started again got no share of the work. Each of the hub's
 *       messages costs milliseconds to handle, so the round trip for the next one costs little.
 *   <li>Destinations cached per session: a send resolves its queue by name, which without the cache asks the broker
 *       (blocking round trips) on every send. The hub's queues are fixed by configuration, so a cached one stays right.
 * </ul>
 */
@Component
class ArtemisClientTuning implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JmsPoolConnectionFactory pool && pool.getConnectionFactory() instanceof ActiveMQConnectionFactory artemis) {
            tune(artemis);
        } else if (bean instanceof ActiveMQConnectionFactory artemis) {
            tune(artemis);
        }
        return bean;
    }

    private static void tune(ActiveMQConnectionFactory artemis) {
        artemis.setConsumerWindowSize(0);
        artemis.setCacheDestinations(true);
    }
}
