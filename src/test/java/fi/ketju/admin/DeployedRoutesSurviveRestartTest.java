package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.StandaloneHub;
import org.junit.jupiter.api.Test;

/** A route deployed or suspended through the admin API is still in force, and suspended, after a restart. */
class DeployedRoutesSurviveRestartTest {

    private static final String ADMIN = "sandbox-admin";
    private static final String ROUTES = "/api/v1/admin/routes/";

    private final ObjectMapper json = new ObjectMapper();
    private final StandaloneHub hub = new StandaloneHub();

    @Test
    void aDeployedVersionAndASuspensionSurviveARestart() throws Exception {
        String changed;
        try (StandaloneHub running = hub.start()) {
            changed = get(hub.port, ROUTES + "kela-delivery/content", ADMIN).body()
                    .replace("- templatedRoute:", "# Deployed before the restart\n- templatedRoute:");
            var deployed = post(hub.port, ROUTES + "kela-delivery/deploy", ADMIN, "application/yaml", changed);
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
            assertThat(post(hub.port, ROUTES + "employment-delivery/suspend", ADMIN, null, "").statusCode()).isEqualTo(200);
        }
        try (StandaloneHub running = hub.start()) {
            JsonNode kela = json.readTree(get(hub.port, ROUTES + "kela-delivery", ADMIN).body());
            assertThat(kela.path("version").asInt()).isEqualTo(2);
            assertThat(kela.path("deployedBy").asText()).isEqualTo("admin");
            assertThat(kela.path("status").asText()).isEqualTo("running");
            assertThat(get(hub.port, ROUTES + "kela-delivery/content", ADMIN).body()).isEqualTo(changed);
            assertThat(json.readTree(get(hub.port, ROUTES + "employment-delivery", ADMIN).body()).path("status").asText())
                    .isEqualTo("suspended");
        }
    }
}
