package fi.ketju.console;

import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.sample;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.ketju.HubTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sample referral about a client of its own (a test identity code no other console test uses), delivered to
 * health care: what the auditors' pages are tested on.
 */
record DeliveredReferral(String messageId, String hetu) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static DeliveredReferral send() {
        try {
            String hetu = testHetu(31_000 + ThreadLocalRandom.current().nextInt(5_000));
            ObjectNode referral = (ObjectNode) JSON.readTree(sample("social-care/samples/referral.json"));
            referral.put("message_id", "CONSOLE-AUDIT-" + UUID.randomUUID());
            ((ObjectNode) referral.path("client")).put("hetu", hetu);
            HttpResponse<String> accepted = post("/api/v1/social-care/messages", "sandbox-social-care", "application/json",
                    JSON.writeValueAsString(referral));
            assertThat(accepted.statusCode()).isEqualTo(202);
            String messageId = JSON.readTree(accepted.body()).path("messageId").asText();
            HubTestSupport.awaitDelivered(HubTestSupport.PORT, messageId);
            return new DeliveredReferral(messageId, hetu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
