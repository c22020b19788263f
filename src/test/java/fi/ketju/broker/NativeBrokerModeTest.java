package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubTestSupport;
import fi.ketju.StandaloneHub;
import java.nio.file.Files;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub in native mode (KETJU_BROKER_MODE=native) uses the external broker only: it starts no embedded broker and
 * keeps no journal of its own, and a message still goes through door, routing and delivery, all on the external one.
 * The external broker here is an Artemis of the test's own, on a loopback port, without persistence.
 */
class NativeBrokerModeTest {

    private final int brokerPort = HubTestSupport.freePort();
    private EmbeddedActiveMQ external;

    @BeforeEach
    void startExternalBroker() throws Exception {
        external = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("netty", "tcp://127.0.0.1:" + brokerPort));
        external.start();
    }

    @AfterEach
    void stopExternalBroker() throws Exception {
        external.stop();
    }

    @Test
    void aHubInNativeModeStartsNoEmbeddedBrokerAndDeliversThroughTheExternalOne() throws Exception {
        try (StandaloneHub hub = new StandaloneHub().start(
                "--spring.artemis.mode=native",
                "--spring.artemis.broker-url=tcp://127.0.0.1:" + brokerPort)) {
            assertThat(hub.beans(EmbeddedActiveMQ.class)).as("no embedded broker").isEmpty();
            assertThat(hub.dataDir.resolve("artemis")).as("no journal of its own").doesNotExist();
            try (var entries = Files.list(hub.dataDir)) {
                assertThat(entries).noneMatch(path -> path.getFileName().toString().contains("artemis"));
            }

            HubTestSupport.awaitDelivered(hub.port, HubTestSupport.acceptReferral(hub.port, "NATIVE-"));

            Queue delivery = external.getActiveMQServer().locateQueue(SimpleString.of("ketju.delivery.health-care"));
            assertThat(delivery).as("the delivery queue is on the external broker").isNotNull();
            assertThat(delivery.getMessagesAdded()).isPositive();
            assertThat(hub.dataDir.resolve("artemis")).doesNotExist();
        }
    }
}
