package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.StandaloneHub;
import org.junit.jupiter.api.Test;

/**
 * A route deployed or suspended and a mapping deployed through the admin API are still in force, and suspended,
 * after a restart: the mapping is what the restarted hub translates with.
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
        try (StandaloneHub running = hub.start()) {
            changed = get(hub.port, ROUTES + "kela-delivery/content", ADMIN).body()
                    .replace("- templatedRoute:", "# Deployed before the restart\n- templatedRoute:");
            var deployed = post(hub.port, ROUTES + "kela-delivery/deploy", ADMIN, "application/yaml", changed);
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(post(hub.port, ROUTES + "employment-delivery/suspend", ADMIN, null, "").statusCode()).isEqualTo(200);
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

            JsonNode mapping = json.readTree(get(hub.port, MAPPINGS + MAPPING, ADMIN).body());
            assertThat(mapping.path("version").asInt()).isEqualTo(2);
            assertThat(get(hub.port, MAPPINGS + MAPPING + "/content", ADMIN).body()).isEqualTo(changedMapping);
            // What the hub in force makes of every sample equals what the deployed file makes: no difference shown.
            JsonNode preview = json.readTree(post(hub.port, MAPPINGS + "validate?id=" + MAPPING, ADMIN, "text/plain",
                    changedMapping).body());
            assertThat(preview.path("samples").findValuesAsText("sample")).contains("referral.json");
            assertThat(preview.path("samples").findValues("diff")).allSatisfy(diff -> assertThat(diff).isEmpty());
        }
    }
}
