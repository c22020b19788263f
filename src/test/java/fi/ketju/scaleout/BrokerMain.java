package fi.ketju.scaleout;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.LoggerFactory;

/**
 * One broker of the shipped live/backup pair (src/main/docker/artemis/broker.xml) as a process of its own, the way
 * the image runs it: BrokerProcess starts it with the ketju.broker.* system properties the XML reads.
 */
public final class BrokerMain {

    /** The shipped configuration, as docker-compose.yml mounts it. */
    static final Path CONFIG_DIR = Path.of("src/main/docker/artemis").toAbsolutePath();

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        // Without a logback configuration of its own the child would log everything at DEBUG.
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        // Artemis' audit log would name every management call the pair makes to each other.
        ((Logger) LoggerFactory.getLogger("org.apache.activemq.audit")).setLevel(Level.WARN);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfigResourcePath(CONFIG_DIR.resolve("broker.xml").toUri().toString());
        // SIGTERM stops the broker as an operator's stop would: the live hands over (failover-on-shutdown).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        // A primary returns from start() once active; a backup returns at once and waits for the live's lock.
        broker.start();
        // The broker runs until the process is stopped or killed.
        Thread.currentThread().join();
    }
}
