package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.StandaloneHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A route deployed or suspended and a mapping deployed through the admin API are still in force, and suspended,
 * after a restart: the mapping is what the restarted hub translates with, and what the suspended route holds stays
 * held through the start-up until an admin resumes it.
 */
class DeployedChangesSurviveRestartTest {

    private static final String ADMIN = "sandbox-admin";
    private static final String ROUTES = "/api/v1/admin/routes/";
    private static final String MAPPINGS = "/api/v1/admin/mappings/";
    private static final String MAPPING = "employment/referral-from-canonical.jslt";

    private final ObjectMapper json = new ObjectMapper();
    private final StandaloneHub hub = new StandaloneHub();

    @Test
    void aDeployedVersionAndASuspensionSurviveARestart() throws Exception {
        String changed;
        String changedMapping;
        String held;
        try (StandaloneHub running = hub.start()) {
            changed = get(hub.port, ROUTES + "kela-delivery/content", ADMIN).body()
                    .replace("- templatedRoute:", "# Deployed before the restart\n- templatedRoute:");
            var deployed = post(hub.port, ROUTES + "kela-delivery/deploy", ADMIN, "application/yaml", changed);
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(post(hub.port, ROUTES + "employment-delivery/suspend", ADMIN, null, "").statusCode()).isEqualTo(200);
            held = benefitStatus();
            // Routed: its copy for employment waits on the suspended route's queue.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> employmentDelivery(held), "PENDING"::equals);
            changedMapping = get(hub.port, MAPPINGS + MAPPING + "/content", ADMIN).body()
                    .replace("\"tavoite\": $referral.goal,", "\"tavoite\": uppercase($referral.goal),");
            var deployedMapping = post(hub.port, MAPPINGS + MAPPING + "/deploy", ADMIN, "text/plain", changedMapping);
            assertThat(deployedMapping.statusCode()).as(deployedMapping.body()).isEqualTo(200);
        }
        try (StandaloneHub running = hub.start()) {
            JsonNode kela = json.readTree(get(hub.port, ROUTES + "kela-delivery", ADMIN).body());
            assertThat(kela.path("version").asInt()).isEqualTo(2);
            assertThat(kela.path("deployedBy").asText()).isEqualTo("admin");
            assertThat(kela.path("status").asText()).isEqualTo("running");
            assertThat(get(hub.port, ROUTES + "kela-delivery/content", ADMIN).body()).isEqualTo(changed);
            assertThat(json.readTree(get(hub.port, ROUTES + "employment-delivery", ADMIN).body()).path("status").asText())
                    .isEqualTo("suspended");
            assertThat(employmentDelivery(held)).as("held through the start-up").isEqualTo("PENDING");
            assertThat(get(hub.port, "/actuator/health", null).statusCode()).as("a held route is no fault").isEqualTo(200);

            JsonNode mapping = json.readTree(get(hub.port, MAPPINGS + MAPPING, ADMIN).body());
            assertThat(mapping.path("version").asInt()).isEqualTo(2);
            assertThat(get(hub.port, MAPPINGS + MAPPING + "/content", ADMIN).body()).isEqualTo(changedMapping);
            // What the hub in force makes of every sample equals what the deployed file makes: no difference shown.
            JsonNode preview = json.readTree(post(hub.port, MAPPINGS + "validate?id=" + MAPPING, ADMIN, "text/plain",
                    changedMapping).body());
            assertThat(preview.path("samples").findValuesAsText("sample")).contains("referral.json");
            assertThat(preview.path("samples").findValues("diff")).allSatisfy(diff -> assertThat(diff).isEmpty());

            assertThat(post(hub.port, ROUTES + "employment-delivery/resume", ADMIN, null, "").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> employmentDelivery(held), "DELIVERED"::equals);
        }
    }

    /** A benefit status through Kela's door: it goes to employment, among others. */
    private String benefitStatus() throws Exception {
        String request = Files.readString(Path.of("mappings/kela/samples/benefit-status.xml"))
                .replace("KELA-ETU-2026-778899", "RESTART-" + UUID.randomUUID());
        var accepted = post(hub.port, "/xroad/kela", "sandbox-kela", "text/xml; charset=UTF-8", request);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String employmentDelivery(String messageId) throws Exception {
        for (JsonNode delivery : json.readTree(get(hub.port, "/api/v1/messages/" + messageId, ADMIN).body()).path("deliveries")) {
            if (delivery.path("recipient").asText().equals("employment")) {
                return delivery.path("status").asText();
            }
        }
        return null;
    }
}
