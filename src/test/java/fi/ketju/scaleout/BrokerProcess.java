package fi.ketju.scaleout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.client.TopologyMember;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/**
 * One broker of the shipped shared-store pair as its own operating-system process (BrokerMain on this test JVM's
 * classpath), so that a test can kill it the hard way (SIGKILL) as a crash or a lost host would.
 */
final class BrokerProcess implements AutoCloseable {

    /** Which half of the pair: names the included ha-&lt;role&gt;.xml. */
    enum Role {
        PRIMARY, BACKUP;

        String property() {
            return name().toLowerCase();
        }
    }

    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a broker on port, its peer (the other half of the pair) on peerPort, both on sharedDataDir. Returns once
     * a primary accepts connections, or once a backup has announced itself to the live on peerPort (clients learn of
     * it from the live's topology): the pair can then fail over.
     */
    static BrokerProcess start(Role role, int port, int peerPort, Path sharedDataDir, Path log) {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-Dketju.broker.ha-role=" + role.property(),
                "-Dketju.broker.host=localhost",
                "-Dketju.broker.port=" + port,
                "-Dketju.broker.peer-host=localhost",
                "-Dketju.broker.peer-port=" + peerPort,
                "-Dketju.broker.data-dir=" + sharedDataDir.toAbsolutePath(),
                "-Dketju.broker.etc-dir=" + BrokerMain.CONFIG_DIR,
                "-Dketju.broker.security-enabled=false",
                "-DARTEMIS_CLUSTER_PASSWORD=test-cluster-password",
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            BrokerProcess broker = new BrokerProcess(process, port);
            try {
                if (role == Role.PRIMARY) {
                    broker.awaitActive(START_LIMIT);
                } else {
                    broker.awaitAnnouncedTo(peerPort);
                }
            } catch (RuntimeException notReady) {
                process.destroyForcibly();
                throw notReady;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The core URL of this broker alone (no failover). */
    String url() {
        return "tcp://localhost:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, the journal left as it was mid-write, its file lock released by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as an operator stops a broker: the broker stops gracefully. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /**
     * Waits until this broker takes connections: a primary once started, a backup once it has taken over (a
     * shared-store backup opens its acceptor only then).
     */
    void awaitActive(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            ensureAlive();
            try (ServerLocator locator = ActiveMQClient.createServerLocator(url());
                    ClientSessionFactory factory = locator.createSessionFactory()) {
                return;
            } catch (Exception notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("broker on port " + port + " did not become active within " + limit);
    }

    /** Waits until the live on livePort lists this broker as its backup in the topology it gives clients. */
    private void awaitAnnouncedTo(int livePort) {
        Instant deadline = Instant.now().plus(START_LIMIT);
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://localhost:" + livePort);
                ClientSessionFactory factory = locator.createSessionFactory()) {
            while (Instant.now().isBefore(deadline)) {
                ensureAlive();
                for (TopologyMember member : locator.getTopology().getMembers()) {
                    if (member.getBackup() != null && member.getBackup().getParams().get("port").toString()
                            .equals(String.valueOf(port))) {
                        return;
                    }
                }
                sleep();
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the topology of the live on port " + livePort, e);
        }
        throw new IllegalStateException("backup on port " + port + " was not announced within " + START_LIMIT);
    }

    /**
     * The messages each of Ketju's queues (ketju.*) on this (active) broker holds, those handed out but not yet
     * acknowledged included, read through the broker's management address.
     */
    Map<String, Long> messageCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(url());
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session = factory.createSession();
                ClientRequestor management = new ClientRequestor(session, "activemq.management")) {
            session.start();
            for (Object queue : (Object[]) ask(session, management, ResourceNames.BROKER, "queueNames")) {
                if (!queue.toString().startsWith("ketju.")) {
                    continue; // the broker's own, such as this request's reply queue
                }
                Number count = (Number) ask(session, management, ResourceNames.QUEUE + queue, "messageCount");
                counts.put(queue.toString(), count.longValue());
            }
        }
        return counts;
    }

    private static Object ask(ClientSession session, ClientRequestor management, String resource, String attribute)
            throws Exception {
        ClientMessage question = session.createMessage(false);
        ManagementHelper.putAttribute(question, resource, attribute);
        ClientMessage answer = management.request(question, 10_000);
        if (answer == null || !ManagementHelper.hasOperationSucceeded(answer)) {
            throw new IllegalStateException("the broker did not answer " + resource + " " + attribute);
        }
        return ManagementHelper.getResult(answer);
    }

    private void ensureAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("broker process on port " + port + " exited with " + process.exitValue());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
