package fi.ketju.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Floor (a): what the embedded broker alone does on this machine with the same durability as the hub's: each
 * message sent persistent (the send returns once it is on the journal, as the hub's intake does) by as many
 * senders as the benchmark has clients, and taken by as many consumers as the hub has per partner, each
 * receive committed in its own transaction.
 */
final class BrokerFloor {

    private BrokerFloor() {
    }

    /** Messages per second from the first send to the last committed receive. */
    static double messagesPerSecond(Path dataDir, int messages, int senders, int consumers, String body) throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://0");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(configuration);
        broker.start();
        ExecutorService threads = Executors.newFixedThreadPool(senders + consumers);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0")) {
            CountDownLatch received = new CountDownLatch(messages);
            AtomicInteger toSend = new AtomicInteger(messages);
            long started = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                work.add(threads.submit(() -> consume(factory, received)));
            }
            for (int s = 0; s < senders; s++) {
                work.add(threads.submit(() -> send(factory, toSend, body)));
            }
            if (!received.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the broker floor did not finish");
            }
            long elapsed = System.nanoTime() - started;
            for (Future<?> done : work) {
                done.get();
            }
            return messages / (elapsed / 1e9);
        } finally {
            threads.shutdownNow();
            broker.stop();
        }
    }

    private static Void send(ActiveMQConnectionFactory factory, AtomicInteger toSend, String body) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(queue(session));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            while (toSend.getAndDecrement() > 0) {
                producer.send(session.createTextMessage(body));
            }
        }
        return null;
    }

    private static Void consume(ActiveMQConnectionFactory factory, CountDownLatch received) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(queue(session));
            while (received.getCount() > 0) {
                if (consumer.receive(200) != null) {
                    session.commit();
                    received.countDown();
                }
            }
        }
        return null;
    }

    private static Queue queue(Session session) throws Exception {
        return session.createQueue("bench.floor");
    }
}
