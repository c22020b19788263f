package fi.ketju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing twice, across a crash. The hub runs as its own process with a recording partner as
 * health care; senders drive referrals into it, the hub is killed with SIGKILL in the middle, started again on
 * the same journal and database, and the senders resend what got an error (as a real sender does, with the same
 * message id). Every message the hub accepted must then reach the partner exactly once per Idempotency-Key.
 * And a hub stopped the way an operator stops it, while its partner is down, leaves nothing half done.
 */
@Order(1) // before the suite caches its Spring contexts: see junit-platform.properties
class CrashRecoveryTest {

    private static final int MESSAGES = Integer.getInteger("ketju.crash.messages", 600);
    private static final int SENDERS = 4;
    private static final int STOPPED_MESSAGES = 50;
    private static final String DOOR = "/api/v1/social-care/messages";

    private final ObjectMapper json = new ObjectMapper();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyAcceptedReferralIsDeliveredExactlyOnceAfterTheHubIsKilled() throws Exception {
        int port = HubTestSupport.freePort();
        Path dataDir = HubTestSupport.DATA_DIR.resolve("crash-" + run);
        Path log = Files.createDirectories(dataDir).resolve("hub.log");
        Map<String, String> accepted = new ConcurrentHashMap<>(); // sender message id -> hub message id
        Set<String> errored = ConcurrentHashMap.newKeySet();

        try (ScriptedPartner healthCare = new ScriptedPartner(HubTestSupport.freePort())) {
            String[] partner = {"--ketju.partners.health-care.url=http://localhost:" + healthCare.port() + "/fhir"};
            HubProcess first = HubProcess.start(port, dataDir, log, partner);
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            AtomicInteger next = new AtomicInteger();
            for (int s = 0; s < SENDERS; s++) {
                senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < MESSAGES; i = next.getAndIncrement()) {
                        send(port, senderMessageId(i), accepted, errored);
                    }
                });
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= MESSAGES / 2);
            first.kill();
            int acceptedBeforeKill = accepted.size();
            senders.shutdown();
            assertThat(senders.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            Set<String> failedSends = new HashSet<>(errored);

            try (HubProcess second = HubProcess.start(port, dataDir, log, partner)) {
                // Resent as the senders sent them: side by side.
                AtomicInteger alreadyDurable = new AtomicInteger();
                ExecutorService resenders = Executors.newFixedThreadPool(SENDERS);
                for (String senderMessageId : failedSends) {
                    resenders.submit(() -> {
                        errored.remove(senderMessageId);
                        if (send(port, senderMessageId, accepted, errored) == 200) {
                            alreadyDurable.incrementAndGet();
                        }
                    });
                }
                resenders.shutdown();
                assertThat(resenders.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
                assertThat(errored).as("every resend after the restart is answered").isEmpty();
                assertThat(accepted).hasSize(MESSAGES);

                Set<String> expectedKeys = accepted.values().stream().map(id -> id + ":health-care").collect(Collectors.toSet());
                try {
                    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> deliveredKeys(healthCare).keySet().containsAll(expectedKeys));
                } catch (ConditionTimeoutException e) {
                    // Say where the missing ones are: their status in the hub.
                    throw new AssertionError("not delivered: " + expectedKeys.stream()
                            .filter(key -> !deliveredKeys(healthCare).containsKey(key)).limit(3)
                            .map(key -> HubTestSupport.get(port, "/api/v1/messages/" + key.substring(0, 36), "sandbox-auditor").body())
                            .toList(), e);
                }
                Map<String, Long> delivered = deliveredKeys(healthCare);
                long duplicates = delivered.values().stream().mapToLong(count -> count - 1).sum();

                assertThat(delivered.keySet()).as("nothing delivered that the hub did not accept").isEqualTo(expectedKeys);
                assertThat(new HashSet<>(accepted.values())).as("one hub message per sender message").hasSize(MESSAGES);
                // What the hub remembers agrees with what the partner has: a delivery made before the kill is in the
                // ledger and in the log (the disclosure logged), not lost with the database's last commits.
                List<String> unrecorded = accepted.values().stream().filter(id -> !recordedAsDelivered(port, id)).limit(3)
                        .map(id -> HubTestSupport.get(port, "/api/v1/messages/" + id, "sandbox-auditor").body()).toList();
                assertThat(unrecorded).as("delivered, but not so in the hub's ledger and log (the first few)").isEmpty();
                System.out.printf("CRASH sent=%d accepted_before_kill=%d errors_at_kill=%d of_which_already_durable=%d "
                                + "accepted=%d delivered=%d transport_duplicates=%d lost=%d%n",
                        MESSAGES, acceptedBeforeKill, failedSends.size(), alreadyDurable.get(), accepted.size(), delivered.size(),
                        duplicates, expectedKeys.size() - delivered.size());
            }
        }
    }

    @Test
    void aHubStoppedWhileAPartnerIsDownLeavesNothingHalfDoneAndDeliversEverythingOnceAfterItsRestart() throws Exception {
        int port = HubTestSupport.freePort();
        Path dataDir = HubTestSupport.DATA_DIR.resolve("stop-" + run);
        Path log = Files.createDirectories(dataDir).resolve("hub.log");
        Map<String, String> accepted = new ConcurrentHashMap<>();
        Set<String> errored = ConcurrentHashMap.newKeySet();

        try (ScriptedPartner healthCare = new ScriptedPartner(HubTestSupport.freePort())) {
            healthCare.failWhile(request -> true, 503);
            String[] partner = {"--ketju.partners.health-care.url=http://localhost:" + healthCare.port() + "/fhir"};
            HubProcess first = HubProcess.start(port, dataDir, log, partner);
            for (int i = 0; i < STOPPED_MESSAGES; i++) {
                send(port, senderMessageId(i), accepted, errored);
            }
            assertThat(errored).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> healthCare.requests().size() >= 5); // retrying
            Duration stopping = first.stop();
            assertThat(stopping).as("a stop does not wait out the retry delays").isLessThan(Duration.ofSeconds(30));
            int callsWhileDown = healthCare.requests().size();
            healthCare.heal();

            try (HubProcess second = HubProcess.start(port, dataDir, log, partner)) {
                Set<String> expectedKeys = accepted.values().stream().map(id -> id + ":health-care").collect(Collectors.toSet());
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> deliveredKeys(healthCare).keySet().containsAll(expectedKeys));
                Map<String, Long> delivered = deliveredKeys(healthCare);
                assertThat(delivered).as("each delivered once").containsOnlyKeys(expectedKeys).allSatisfy((key, times) -> assertThat(times).isEqualTo(1));
                System.out.printf("STOP sent=%d accepted=%d calls_while_down=%d stop_took_ms=%d delivered=%d duplicates=0 lost=0%n",
                        STOPPED_MESSAGES, accepted.size(), callsWhileDown, stopping.toMillis(), delivered.size());
            }
        }
    }

    /** Posts one referral; records the hub message id if answered 2xx, else the error. Answers the HTTP status (0: no answer). */
    private int send(int port, String senderMessageId, Map<String, String> accepted, Set<String> errored) {
        try {
            ObjectNode referral = (ObjectNode) json.readTree(HubTestSupport.sample("social-care/samples/referral.json"));
            referral.put("message_id", senderMessageId);
            // Many clients, as in life: one client's messages go in order, different clients' side by side.
            ((ObjectNode) referral.path("client")).put("hetu",
                    HubTestSupport.testHetu(Integer.parseInt(senderMessageId.substring(senderMessageId.lastIndexOf('-') + 1))));
            HttpResponse<String> response = HubTestSupport.post(port, DOOR, "sandbox-social-care", "application/json",
                    json.writeValueAsString(referral));
            if (response.statusCode() == 200 || response.statusCode() == 202) {
                accepted.put(senderMessageId, json.readTree(response.body()).path("messageId").asText());
            } else {
                errored.add(senderMessageId);
            }
            return response.statusCode();
        } catch (Exception connectionLost) {
            errored.add(senderMessageId);
            return 0;
        }
    }

    /** The message's status says delivered to health care, and its log has the DELIVERED event. */
    private boolean recordedAsDelivered(int port, String hubMessageId) {
        try {
            var status = json.readTree(HubTestSupport.get(port, "/api/v1/messages/" + hubMessageId, "sandbox-auditor").body());
            boolean logged = false;
            for (var entry : status.path("log")) {
                logged |= entry.path("event").asText().equals("DELIVERED") && entry.path("recipient").asText().equals("health-care");
            }
            return status.path("status").asText().equals("DELIVERED") && logged;
        } catch (Exception e) {
            return false;
        }
    }

    private String senderMessageId(int i) {
        return "CRASH-" + run + "-" + i;
    }

    /** How many requests the partner took (answered 2xx), per Idempotency-Key. */
    private static Map<String, Long> deliveredKeys(ScriptedPartner partner) {
        List<ScriptedPartner.Request> requests = partner.requests();
        return requests.stream().filter(request -> request.status() < 300)
                .collect(Collectors.groupingBy(ScriptedPartner.Request::idempotencyKey, Collectors.counting()));
    }
}
