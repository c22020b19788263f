package fi.ketju;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static fi.ketju.HubTestSupport.testHetu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the doors' resend and conflict tests share (issue 14): posting at the same moment, a client no partner has
 * heard of, and the proof that a refused message left nothing behind: no message, no body, no delivery.
 */
public final class ResendSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PARTNERS = List.of("social-care", "health-care", "employment", "kela");

    private ResendSupport() {
    }

    /** Posts each body at the same moment; the answers in the order of the bodies. */
    public static List<HttpResponse<String>> postConcurrently(String door, String token, String contentType, List<String> bodies,
            Map<String, String> headers) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(senders.submit(() -> {
                    start.await();
                    return post(door, token, contentType, body, headers);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            senders.shutdown();
        }
    }

    /** A valid test identity code of a client no simulated partner has received a message about. */
    public static String freshClient() {
        String hetu;
        do {
            hetu = testHetu(ThreadLocalRandom.current().nextInt(36_500));
        } while (receivedAnywhere(hetu));
        return hetu;
    }

    /** {@code count} different fresh clients. */
    public static List<String> freshClients(int count) {
        return Stream.generate(ResendSupport::freshClient).distinct().limit(count).toList();
    }

    /** Whether any simulated partner has received a message with this text in it. */
    public static boolean receivedAnywhere(String text) {
        return PARTNERS.stream().anyMatch(partner -> get("/sandbox/" + partner + "/received", null).body().contains(text));
    }

    /** The message's status once it has been delivered to every recipient. */
    public static JsonNode awaitDelivered(String messageId, String token) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(get("/api/v1/messages/" + messageId, token).body()), s -> "DELIVERED".equals(s.path("status").asText()));
    }

    /** What the ledger holds, to compare before and after a refusal: messages and kept bodies. */
    public static List<Long> stored(JdbcClient jdbc) {
        return List.of(jdbc.sql("select count(*) from message").query(Long.class).single(),
                jdbc.sql("select count(*) from message_body").query(Long.class).single());
    }

    /** The newest refusal in the message log (which the audit trail is chained from): the door, the field and the rule. */
    public static String lastRejection(JdbcClient jdbc) {
        // The chainer moves events from the outbox into the trail in id order: the newest is in the outbox if it is
        // still there, else in the trail.
        return jdbc.sql("select detail from message_event where event_type = 'REJECTED' order by id desc fetch first 1 rows only")
                .query(String.class).optional()
                .orElseGet(() -> jdbc.sql("select detail from audit_event where event_type = 'REJECTED' order by id desc fetch first 1 rows only")
                        .query(String.class).single());
    }

    /**
     * Nothing of a refused message about {@code hetu} was kept: the ledger holds what it held before ({@link #stored}),
     * and once the message first sent under the id ({@code existingId}) has been delivered, no partner has the refused one.
     */
    public static void assertNothingKept(JdbcClient jdbc, List<Long> storedBefore, String existingId, String token, String hetu) {
        awaitDelivered(existingId, token);
        assertThat(receivedAnywhere(hetu)).as("the refused message is delivered to nobody").isFalse();
        assertThat(stored(jdbc)).as("messages and bodies stored").isEqualTo(storedBefore);
    }
}
