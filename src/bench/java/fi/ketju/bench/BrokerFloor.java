package fi.ketju.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
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
 * senders as the benchmark has clients, and taken by a given number of consumers, each receive committed in its
 * own transaction (as each of the hub's consumers commits each message). One broker serves every run, so that a
 * run after the first is timed in a warm JVM, and a run's clock and CPU bracket cover only the sending and taking:
 * the broker's start and stop and the clients' connecting are outside it.
 */
final class BrokerFloor implements AutoCloseable {

    private final EmbeddedActiveMQ broker;
    private final ActiveMQConnectionFactory factory;

    private BrokerFloor(EmbeddedActiveMQ broker) {
        this.broker = broker;
        this.factory = new ActiveMQConnectionFactory("vm://0");
    }

    static BrokerFloor start(Path dataDir) throws Exception {
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
        return new BrokerFloor(broker);
    }

    /**
     * @param messagesPerSecond from the first send to the last committed receive
     * @param cpuMsPerMessage   the CPU time this process (the broker and its clients) used over the same bracket, per
     *                          message sent and taken
     */
    record Result(double messagesPerSecond, double cpuMsPerMessage) {
    }

    /** {@code messages} sent by {@code senders} and taken by {@code consumers}; the queue is empty again after. */
    Result run(int messages, int senders, int consumers, String body) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(senders + consumers);
        try {
            CountDownLatch ready = new CountDownLatch(senders + consumers);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch received = new CountDownLatch(messages);
            AtomicInteger toSend = new AtomicInteger(messages);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                work.add(threads.submit(() -> consume(ready, received)));
            }
            for (int s = 0; s < senders; s++) {
                work.add(threads.submit(() -> send(ready, go, toSend, body)));
            }
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the broker floor's clients did not connect");
            }
            long cpuBefore = cpuMillis();
            long started = System.nanoTime();
            go.countDown();
            if (!received.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the broker floor did not finish");
            }
            long elapsed = System.nanoTime() - started;
            long cpu = cpuMillis() - cpuBefore;
            for (Future<?> done : work) {
                done.get();
            }
            return new Result(messages / (elapsed / 1e9), (double) cpu / messages);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The CPU time this whole process has used (the broker is embedded in it). */
    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    private Void send(CountDownLatch ready, CountDownLatch go, AtomicInteger toSend, String body) throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(queue(session));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            ready.countDown();
            go.await();
            while (toSend.getAndDecrement() > 0) {
                producer.send(session.createTextMessage(body));
            }
        }
        return null;
    }

    private Void consume(CountDownLatch ready, CountDownLatch received) throws Exception {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(queue(session));
            ready.countDown();
            while (received.getCount() > 0) {
                if (consumer.receive(50) != null) {
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

    @Override
    public void close() throws Exception {
        factory.close();
        broker.stop();
    }
}
