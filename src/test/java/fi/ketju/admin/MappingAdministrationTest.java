package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void aChangedMappingIsPreviewedOverEverySampleAndABrokenOneRefusedPrecisely() throws Exception {
        String file = Files.readString(Path.of("mappings", MAPPING));

        var brokenSyntax = validate(file.replace("\"goal\": $referral.goal,", "\"goal\": $referral.goal +,"));
        assertThat(brokenSyntax.statusCode()).isEqualTo(422);
        JsonNode error = json.readTree(brokenSyntax.body()).path("errors").get(0);
        assertThat(error.path("field").asText()).matches("line 1[45], column [0-9]+");
        assertThat(error.path("rule").asText()).isEqualTo("jslt");

        var breaksSchema = validate(file.replace("\"urgency\": urgency:from-canonical($referral.urgency),", "\"urgency\": 42,"));
        assertThat(breaksSchema.statusCode()).isEqualTo(422);
        assertThat(json.readTree(breaksSchema.body()).path("samples").findValuesAsText("errors").toString()
                + json.readTree(breaksSchema.body()).path("samples").toString()).contains("urgency");

        var changed = validate(file.replace("\"goal\": $referral.goal,", "\"goal\": uppercase($referral.goal),"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode preview = json.readTree(changed.body());
        assertThat(preview.path("diff")).extracting(JsonNode::asText).contains("+    \"goal\": uppercase($referral.goal),");
        assertThat(preview.path("samples").findValuesAsText("sample")).contains("referral.json", "referral-minimal.json");
        JsonNode referral = sample(preview, "referral.json", "outbound");
        assertThat(referral.path("recipientFamily").asText()).isEqualTo("social-care");
        assertThat(referral.path("valid").asBoolean()).isTrue();
        assertThat(referral.path("withheld").isArray()).isTrue();
        String goal = referral.path("output").path("referral").path("goal").asText();
        assertThat(goal).isNotEmpty().isUpperCase();
        assertThat(referral.path("diff").toString()).contains("+").contains(goal);

        assertThat(get(MAPPINGS + "/" + MAPPING, "sandbox-admin").body()).as("validate changes nothing")
                .contains("\"version\":1");
    }

    @Test
    void aChangedInboundMappingIsPreviewedOverTheFamilysOwnSamples() throws Exception {
        String inbound = "social-care/referral-to-canonical.jslt";
        String file = Files.readString(Path.of("mappings", inbound));
        assertThat(file).contains("\"reason\": $referral.reason");

        var changed = validate(inbound, file.replace("\"reason\": $referral.reason", "\"reason\": uppercase($referral.reason)"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode sample = sample(json.readTree(changed.body()), "referral.json", "inbound");
        assertThat(sample.path("valid").asBoolean()).isTrue();
        assertThat(sample.path("output").path("payload").path("reason").asText()).isNotEmpty().isUpperCase();
        assertThat(sample.path("diff")).extracting(JsonNode::asText).as("the change, not the ids drawn for each run")
                .anySatisfy(line -> assertThat(line).startsWith("+").contains("\"reason\"")
                        .contains(sample.path("output").path("payload").path("reason").asText()))
                .noneSatisfy(line -> assertThat(line).contains("messageId"));

        var breaksCanonical = validate(inbound, file.replace("\"reason\": $referral.reason", "\"reason\": 42"));
        assertThat(breaksCanonical.statusCode()).isEqualTo(422);
        assertThat(sample(json.readTree(breaksCanonical.body()), "referral.json", "inbound").path("errors").toString())
                .contains("reason");
    }

    @Test
    void aChangedKelaStylesheetIsPreviewedOutboundAndInbound() throws Exception {
        String stylesheet = "kela/codes/benefit-status.xsl";
        String file = Files.readString(Path.of("mappings", stylesheet));
        var unchanged = validate(stylesheet, file);
        assertThat(unchanged.statusCode()).as(unchanged.body()).isEqualTo(200);
        JsonNode preview = json.readTree(unchanged.body());
        assertThat(preview.path("samples").findValuesAsText("direction")).contains("outbound", "inbound");
        assertThat(sample(preview, "benefit-status.xml", "inbound").path("output").path("type").asText()).isEqualTo("benefit-status");
        assertThat(sample(preview, "benefit-status.json", "outbound").path("output").asText()).contains("BenefitStatus");

        var notXslt = validate(stylesheet, file.replace("</xsl:stylesheet>", ""));
        assertThat(notXslt.statusCode()).isEqualTo(422);
        assertThat(json.readTree(notXslt.body()).path("errors").get(0).path("rule").asText()).isEqualTo("xslt");
    }

    @Test
    void aChangedModuleIsCheckedThroughTheMappingsThatImportIt() throws Exception {
        for (String module : List.of("social-care/functions.jslt", "fhir/resources.jslt", "kela/from-canonical.xsl")) {
            var unchanged = validate(module, Files.readString(Path.of("mappings", module)));
            assertThat(unchanged.statusCode()).as("%s: %s", module, unchanged.body()).isEqualTo(200);
            assertThat(json.readTree(unchanged.body()).path("samples")).as(module).isNotEmpty();
        }
        String functions = Files.readString(Path.of("mappings/social-care/functions.jslt"));
        var broken = validate("social-care/functions.jslt", functions.replace("def message(", "def message-renamed("));
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(json.readTree(broken.body()).path("errors").findValuesAsText("field"))
                .contains("social-care/referral-from-canonical.jslt", "social-care/assessment-summary-from-canonical.jslt");
    }

    private java.net.http.HttpResponse<String> validate(String content) {
        return validate(MAPPING, content);
    }

    private java.net.http.HttpResponse<String> validate(String id, String content) {
        return post(MAPPINGS + "/validate?id=" + id, "sandbox-admin", "text/plain", content);
    }

    private static JsonNode sample(JsonNode preview, String name, String direction) {
        for (JsonNode sample : preview.path("samples")) {
            if (sample.path("sample").asText().equals(name) && sample.path("direction").asText().equals(direction)) {
                return sample;
            }
        }
        throw new AssertionError("no " + direction + " sample " + name + " in " + preview.path("samples"));
    }
}
