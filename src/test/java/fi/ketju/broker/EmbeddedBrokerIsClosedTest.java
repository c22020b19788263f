package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The embedded broker is not an open door: it has only its in-VM acceptor, no network listener. */
class EmbeddedBrokerIsClosedTest extends HubIntegrationTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void acceptsNoRemoteConnections() {
        assertThat(broker.getActiveMQServer().getConfiguration().getAcceptorConfigurations())
                .isNotEmpty()
                .allSatisfy(acceptor -> assertThat(acceptor.getFactoryClassName()).isEqualTo(InVMAcceptorFactory.class.getName()));
    }
}
