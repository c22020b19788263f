package fi.ketju.broker;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A backlog larger than the broker's memory (ketju.broker.memory, 64 MB) is paged to disk instead of filling the
 * hub's heap, and comes back whole and in order.
 */
class EmbeddedBrokerPagingTest extends HubIntegrationTest {

    private static final String QUEUE = "ketju.test.paging";
    private static final int MESSAGES = 1200;

    @Autowired EmbeddedActiveMQ broker;
    @Autowired ConnectionFactory connectionFactory;

    @Test
    void aBacklogBeyondTheBrokersMemoryIsPagedAndComesBackInOrder() throws Exception {
        assertThat(broker.getActiveMQServer().getConfiguration().getGlobalMaxSize()).isEqualTo(64L * 1024 * 1024);
        // 80 KB as the broker holds it (two bytes a character): under its large-message size (100 KB), which would go
        // to files of their own, so these count against its memory; 1,200 of them are 96 MB.
        String body = "x".repeat(40 * 1024);
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(QUEUE);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < MESSAGES; i++) {
                TextMessage message = session.createTextMessage(body);
                message.setIntProperty("n", i);
                producer.send(message);
            }
            assertThat(broker.getActiveMQServer().getPagingManager().getPageStore(SimpleString.of(QUEUE)).isPaging())
                    .as("paged beyond 64 MB").isTrue();
            assertThat(broker.getActiveMQServer().getPagingManager().getGlobalSize()).isLessThanOrEqualTo(64L * 1024 * 1024 + body.length() * 4L);

            connection.start();
            MessageConsumer consumer = session.createConsumer(queue);
            for (int i = 0; i < MESSAGES; i++) {
                TextMessage received = (TextMessage) consumer.receive(10_000);
                assertThat(received).as("message %d", i).isNotNull();
                assertThat(received.getIntProperty("n")).isEqualTo(i);
                assertThat(received.getText()).hasSize(body.length());
            }
            assertThat(consumer.receiveNoWait()).isNull();
        }
    }
}
