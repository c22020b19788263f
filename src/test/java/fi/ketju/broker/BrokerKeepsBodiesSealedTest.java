package fi.ketju.broker;

import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * What the broker keeps on disk (its journal, where an acknowledged message's bytes stay until the file is compacted or
 * reused, and its paging files) holds no client's personal data: every body the hub queues is sealed (SealedBodies).
 */
class BrokerKeepsBodiesSealedTest extends HubIntegrationTest {

    private static final Path BROKER_FILES = HubTestSupport.DATA_DIR.resolve("artemis");
    private static final String TEST_QUEUE = "ketju.test.sealed-bodies";

    @Autowired ObjectMapper json;
    @Autowired JmsTemplate jms;
    @Autowired SealedBodies sealedBodies;

    @Test
    void aReferralDeliveredEndToEndLeavesNeitherItsIdentityCodeNorItsNamesInTheBrokersFiles() throws Exception {
        int n = ThreadLocalRandom.current().nextInt(36_500);
        String hetu = testHetu(n);
        String lastName = "Sinetöity" + letters(n);
        ObjectNode referral = (ObjectNode) json.readTree(sample("social-care/samples/referral.json"));
        referral.put("message_id", "SEALED-" + UUID.randomUUID());
        ((ObjectNode) referral.path("client")).put("hetu", hetu).put("last_name", lastName);

        var accepted = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json", json.writeValueAsString(referral));
        assertThat(accepted.statusCode()).isEqualTo(202);
        HubTestSupport.awaitDelivered(HubTestSupport.PORT, json.readTree(accepted.body()).path("messageId").asText());

        // On the inbound queue and on health care's delivery queue, taken and acknowledged: its bytes are still in the
        // journal (nothing here compacts it so soon), sealed.
        assertThat(brokerFilesHolding(hetu)).isEmpty();
        assertThat(brokerFilesHolding(lastName)).isEmpty();
    }

    @Test
    void aBodyLiesOnTheBrokerAsCiphertextAndIsReadAsTheTextThatWasSent() {
        String text = "{\"client\":{\"hetu\":\"" + testHetu(ThreadLocalRandom.current().nextInt(36_500)) + "\"}}";
        jms.convertAndSend(TEST_QUEUE, text);

        Message queued = takeFrom(TEST_QUEUE);
        assertThat(queued).isInstanceOf(BytesMessage.class);
        assertThat(new String(bodyOf((BytesMessage) queued), StandardCharsets.ISO_8859_1)).doesNotContain(text);
        assertThat(convertedBody(queued)).isEqualTo(text);
    }

    @Test
    void aTextMessageQueuedBeforeBodiesWereSealedIsReadAsItIsAndTheFilesShowWhatPlainTextLooksLike() {
        String hetu = testHetu(ThreadLocalRandom.current().nextInt(36_500));
        String text = "{\"client\":{\"hetu\":\"" + hetu + "\"}}";
        jms.send(TEST_QUEUE, session -> session.createTextMessage(text));

        // The check of the first test can fail: a body not sealed is found in the broker's files.
        assertThat(brokerFilesHolding(hetu)).isNotEmpty();
        assertThat(convertedBody(takeFrom(TEST_QUEUE))).isEqualTo(text);
    }

    @Test
    void aBodyAlteredOnTheBrokerOrSealedWithAKeyNoLongerConfiguredIsNotOpenedAndTheErrorQuotesNothingOfIt() {
        String hetu = testHetu(ThreadLocalRandom.current().nextInt(36_500));
        jms.convertAndSend(TEST_QUEUE, "{\"client\":{\"hetu\":\"" + hetu + "\"}}");
        BytesMessage sealed = (BytesMessage) takeFrom(TEST_QUEUE);
        byte[] altered = bodyOf(sealed);
        altered[altered.length / 2] ^= 1;

        jms.execute(session -> {
            BytesMessage tampered = session.createBytesMessage();
            tampered.writeBytes(altered);
            tampered.setStringProperty(SealedBodies.KEY_ID, sealed.getStringProperty(SealedBodies.KEY_ID));
            tampered.reset();
            BytesMessage retiredKey = session.createBytesMessage();
            retiredKey.writeBytes(bodyOf(sealed));
            retiredKey.setStringProperty(SealedBodies.KEY_ID, "retired");
            retiredKey.reset();
            for (Message message : List.of(tampered, retiredKey)) {
                assertThatThrownBy(() -> sealedBodies.fromMessage(message))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(message.getStringProperty(SealedBodies.KEY_ID))
                        .hasMessageNotContaining(hetu);
            }
            return null;
        });
    }

    private Message takeFrom(String queue) {
        return jms.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
                Message message = consumer.receive(5_000);
                assertThat(message).as("a message on " + queue).isNotNull();
                return message;
            }
        }, true);
    }

    private String convertedBody(Message message) {
        try {
            return (String) sealedBodies.fromMessage(message);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bodyOf(BytesMessage message) {
        try {
            message.reset();
            byte[] body = new byte[(int) message.getBodyLength()];
            message.readBytes(body);
            return body;
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The broker's files holding the text in UTF-8 or in either UTF-16 order (Artemis writes strings both ways). */
    private static List<Path> brokerFilesHolding(String text) {
        List<byte[]> forms = List.of(text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_16LE),
                text.getBytes(StandardCharsets.UTF_16BE));
        try (Stream<Path> files = Files.walk(BROKER_FILES)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        byte[] content = read(file);
                        return forms.stream().anyMatch(form -> indexOf(content, form) >= 0);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // a file the broker removed meanwhile holds nothing
        }
    }

    private static int indexOf(byte[] content, byte[] form) {
        outer:
        for (int i = 0; i <= content.length - form.length; i++) {
            for (int j = 0; j < form.length; j++) {
                if (content[i + j] != form[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A name part of letters only, different for each n. */
    private static String letters(int n) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            name.append((char) ('a' + n % 26));
            n /= 26;
        }
        return name.toString();
    }
}
