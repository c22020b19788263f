package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The mappings in force as an admin sees them: version, checksum, who put them there, history and the file itself. */
class MappingAdministrationTest extends HubIntegrationTest {

    private static final String MAPPINGS = "/api/v1/admin/mappings";
    private static final String MAPPING = "social-care/referral-from-canonical.jslt";

    @Autowired ObjectMapper json;

    @Test
    void listsEveryMappingInForceAndExportsItsFile() throws Exception {
        JsonNode mappings = json.readTree(get(MAPPINGS, "sandbox-admin").body());
        assertThat(mappings.findValuesAsText("id")).contains(MAPPING, "disclosure-policy.yaml", "translations.yaml",
                "kela/referral-from-canonical.xsl", "employment/codes/urgency.jslt")
                .noneMatch(id -> id.contains("samples/"));
        String file = Files.readString(Path.of("mappings", MAPPING));

        JsonNode mapping = json.readTree(get(MAPPINGS + "/" + MAPPING, "sandbox-admin").body());
        assertThat(mapping.path("version").asInt()).isEqualTo(1);
        assertThat(mapping.path("checksum").asText()).isEqualTo(ConfigVersions.checksum(file));
        assertThat(mapping.path("deployedBy").asText()).isEqualTo("repository");

        assertThat(get(MAPPINGS + "/" + MAPPING + "/content", "sandbox-admin").body()).isEqualTo(file);
        JsonNode history = json.readTree(get(MAPPINGS + "/" + MAPPING + "/history", "sandbox-admin").body());
        assertThat(history).singleElement().satisfies(version -> assertThat(version.path("reason").asText())
                .isEqualTo("the repository's file"));
        assertThat(get(MAPPINGS + "/social-care/nothing.jslt", "sandbox-admin").statusCode()).isEqualTo(404);
    }
}
