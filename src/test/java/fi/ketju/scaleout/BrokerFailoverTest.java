package fi.ketju.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubTestSupport;
import fi.ketju.broker.DuplicateIds;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.jms.client.ActiveMQConnection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The shipped live/backup pair (src/main/docker/artemis/broker.xml) as two processes on one shared store: the live
 * is killed (SIGKILL) with messages queued, one taken but not committed, and a client connected the way the hub is
 * (the failover URL of KETJU_BROKER_URL). What a hub would notice: its connection carries on on the backup, nothing
 * is lost, the taken message comes again, a send retried with the same duplicate id is not enqueued twice, and each
 * client's messages still come in order.
 */
@Order(1) // before the suite caches its Spring contexts: see junit-platform.properties
class BrokerFailoverTest {

    private static final String QUEUE = "ketju.delivery.failover-test";
    private static final List<String> GROUPS = List.of("client-a", "client-b");
    private static final int SENT_BEFORE_KILL = 40;
    private static final int SENT_AFTER_KILL = 20;
    private static final int COMMITTED_BEFORE_KILL = 15;

    private BrokerProcess live;
    private BrokerProcess backup;
    private int livePort;
    private int backupPort;

    @BeforeEach
    void startPair() throws Exception {
        Path target = Files.createDirectories(Path.of("target"));
        Path sharedStore = Files.createTempDirectory(target, "broker-shared-store-");
        Path log = target.resolve(sharedStore.getFileName() + ".log");
        livePort = HubTestSupport.freePort();
        backupPort = HubTestSupport.freePort();
        live = BrokerProcess.start(BrokerProcess.Role.PRIMARY, livePort, backupPort, sharedStore, log);
        backup = BrokerProcess.start(BrokerProcess.Role.BACKUP, backupPort, livePort, sharedStore, log);
    }

    @AfterEach
    void stopPair() throws InterruptedException {
        backup.close();
        live.close();
    }

    @Test
    void aKilledLiveFailsOverToTheBackupWithNothingLostDuplicatedOrReordered() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(
                "(tcp://localhost:" + livePort + ",tcp://localhost:" + backupPort + ")?ha=true&reconnectAttempts=-1");
        try (Connection connection = factory.createConnection()) {
            List<FailoverEventType> failoverEvents = new CopyOnWriteArrayList<>();
            ((ActiveMQConnection) connection).setFailoverListener(failoverEvents::add);
            connection.start();
            // As the hub's door sends (non-transacted, persistent: on the journal when send returns) ...
            Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // ... and as its routes consume: in a local transaction.
            Session receiving = connection.createSession(true, Session.SESSION_TRANSACTED);
            Queue queue = sending.createQueue(QUEUE);
            MessageProducer producer = sending.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            MessageConsumer consumer = receiving.createConsumer(queue);

            for (int i = 0; i < SENT_BEFORE_KILL; i++) {
                sendUntilTaken(sending, producer, i);
            }
            List<Message> committed = new ArrayList<>();
            for (int i = 0; i < COMMITTED_BEFORE_KILL; i++) {
                committed.add(consumer.receive(5_000));
            }
            receiving.commit();
            Message takenNotCommitted = consumer.receive(5_000);
            assertThat(takenNotCommitted).isNotNull();

            Instant killed = Instant.now();
            live.kill();
            backup.awaitActive(Duration.ofSeconds(30));
            Duration takeover = Duration.between(killed, Instant.now());

            // The answer to the last send before the kill was "lost": the door sends it again with the same id.
            sendUntilTaken(sending, producer, SENT_BEFORE_KILL - 1);
            for (int i = SENT_BEFORE_KILL; i < SENT_BEFORE_KILL + SENT_AFTER_KILL; i++) {
                sendUntilTaken(sending, producer, i);
            }
            committed.addAll(receiveUntilQuiet(receiving, consumer));
            Duration failedOver = Duration.between(killed, Instant.now());
            System.out.printf("backup active %d ms after the kill; %d sent (+1 resent), %d received, all in %d ms%n",
                    takeover.toMillis(), SENT_BEFORE_KILL + SENT_AFTER_KILL, committed.size(), failedOver.toMillis());

            assertThat(live.isAlive()).isFalse();
            assertThat(failoverEvents).as("the same connection failed over").contains(FailoverEventType.FAILOVER_COMPLETED);
            List<Integer> received = new ArrayList<>();
            for (Message message : committed) {
                received.add(message.getIntProperty("seq"));
            }
            assertThat(received).as("every message once: none lost (the one taken but not committed came again), "
                    + "the resend not enqueued twice").containsExactlyInAnyOrderElementsOf(allSequenceNumbers());
            for (List<Integer> group : byGroup(committed).values()) {
                assertThat(group).as("one client's messages in the order sent").isSorted();
            }
        }
    }

    /** Sends message seq (duplicate id m-seq), again if the send fails during the failover, as the door's retry does. */
    private static void sendUntilTaken(Session session, MessageProducer producer, int seq) throws JMSException {
        TextMessage message = session.createTextMessage("message " + seq);
        message.setIntProperty("seq", seq);
        message.setStringProperty("JMSXGroupID", GROUPS.get(seq % GROUPS.size()));
        message.setStringProperty(DuplicateIds.HEADER, "m-" + seq);
        JMSException lastFailure = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                producer.send(message);
                return;
            } catch (JMSException inDoubt) {
                lastFailure = inDoubt;
            }
        }
        throw lastFailure;
    }

    /**
     * Receives in transactions of a few messages until the queue stays empty. A transaction the failover cut short is
     * rolled back by the client (commit answers TransactionRolledBackException); its messages come again.
     */
    private static List<Message> receiveUntilQuiet(Session session, MessageConsumer consumer) throws JMSException {
        List<Message> committed = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        List<Message> pending = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            Message message = consumer.receive(2_000);
            if (message != null) {
                pending.add(message);
            }
            if (message == null || pending.size() == 5) {
                try {
                    session.commit();
                    committed.addAll(pending);
                } catch (TransactionRolledBackException cutShortByFailover) {
                    // rolled back already: its messages return to the head of the queue
                }
                boolean quiet = message == null && pending.isEmpty();
                pending.clear();
                if (quiet) {
                    return committed;
                }
            }
        }
        return committed;
    }

    private static List<Integer> allSequenceNumbers() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < SENT_BEFORE_KILL + SENT_AFTER_KILL; i++) {
            all.add(i);
        }
        return all;
    }

    private static Map<String, List<Integer>> byGroup(List<Message> messages) throws JMSException {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (Message message : messages) {
            groups.computeIfAbsent(message.getStringProperty("JMSXGroupID"), group -> new ArrayList<>())
                    .add(message.getIntProperty("seq"));
        }
        return groups;
    }
}
