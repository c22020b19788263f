package fi.ketju.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;

/**
 * Tells a failure of the broker connection from any other: the broker went away, its session was closed under a
 * failover, or it refused the transaction the session was in. Trying such a step again in the same transaction
 * cannot help (the session is gone or its work is void); the step is rolled back at once, the listener opens a new
 * session (on the backup after a failover) and the broker gives the message again.
 */
public final class BrokerFailures {

    private BrokerFailures() {
    }

    public static boolean isBrokerFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof jakarta.jms.JMSException || cause instanceof org.springframework.jms.JmsException
                    || cause instanceof ActiveMQException) {
                return true;
            }
        }
        return false;
    }
}
