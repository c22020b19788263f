package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.message.MessageLedger;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * An admin deploys a changed mapping while messages flow: a broken file, module or output is refused with every
 * error and the version in force keeps translating; a valid one is swapped in whole (each message translated by
 * one version or the other, none lost or delivered twice), rolled back, and both are in the history and the audit
 * trail. Files the hub reads only at start are refused with 409.
 */
class MappingDeploymentTest extends HubIntegrationTest {

    private static final String ADMIN = "sandbox-admin";
    private static final String MAPPINGS = "/api/v1/admin/mappings/";
    private static final String MAPPING = "social-care/assessment-summary-from-canonical.jslt";
    private static final String CLIENT_VIEW = "\"client_view\": $summary.clientView,";
    private static final String MARK = "Changed by MappingDeploymentTest";

    @Autowired ObjectMapper json;
    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired ConfigVersions versions;
    @Autowired PlatformTransactionManager transactions;
    @Autowired DataSource database;
    private SocialCareLoad load;

    @BeforeEach
    void load() {
        load = new SocialCareLoad(json, producer, ledger);
    }

    @Test
    void aChangeIsDeployedUnderLoadWithoutLossOrDuplicateRolledBackAndAudited() throws Exception {
        String before = content(MAPPING);
        assertThat(before).contains(CLIENT_VIEW);
        int versionBefore = version(MAPPING);
        String changed = before.replace(CLIENT_VIEW, "\"client_view\": \"" + MARK + "\",");

        CompletableFuture<List<String>> during = CompletableFuture.supplyAsync(() -> load.send(40));
        Thread.sleep(200);
        var deployed = post(MAPPINGS + MAPPING + "/deploy?reason=" + URLEncoder.encode("test change", StandardCharsets.UTF_8),
                ADMIN, "text/plain", changed);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(json.readTree(deployed.body()).path("version").asInt()).isEqualTo(versionBefore + 1);
        assertThat(json.readTree(deployed.body()).path("deployedBy").asText()).isEqualTo("admin");
        Map<String, JsonNode> received = load.assertDeliveredOnce(during.get());
        assertThat(received.values()).as("each message by one version whole, the old or the new")
                .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText())
                        .isIn(MARK, json.readTree(Path.of("mappings/canonical/samples/assessment-summary.json").toFile())
                                .path("payload").path("clientView").asText()));
        assertThat(load.assertDeliveredOnce(load.send(3)).values()).as("after the deploy, the new version")
                .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText()).isEqualTo(MARK));
        assertThat(content(MAPPING)).isEqualTo(changed);
        JsonNode figures = json.readTree(get(MAPPINGS + MAPPING, ADMIN).body()).path("figures");
        assertThat(figures.path("out").asLong()).as("translations made, previews and proofs aside").isGreaterThanOrEqualTo(43);
        assertThat(figures.path("failed").asLong()).isZero();
        assertThat(figures.path("meanMillis").isNumber()).isTrue();

        var rolledBack = post(MAPPINGS + MAPPING + "/rollback?version=" + versionBefore, ADMIN, null, "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(json.readTree(rolledBack.body()).path("version").asInt()).isEqualTo(versionBefore + 2);
        assertThat(content(MAPPING)).isEqualTo(before);
        assertThat(load.assertDeliveredOnce(load.send(3)).values())
                .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText()).isNotEqualTo(MARK));

        JsonNode history = json.readTree(get(MAPPINGS + MAPPING + "/history", ADMIN).body());
        assertThat(history.get(0).path("reason").asText()).startsWith("rollback to version " + versionBefore);
        assertThat(history.get(1).path("author").asText()).isEqualTo("admin");
        assertThat(history.get(1).path("reason").asText()).isEqualTo("test change");
        assertThat(history.get(1).path("diff").toString()).contains(MARK);

        JsonNode audit = json.readTree(get("/api/v1/audit/events?eventType=MAPPING_CHANGED", "sandbox-auditor").body());
        assertThat(audit.path("events").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).startsWith("deployed mapping " + MAPPING + " version " + (versionBefore + 1))
                        .contains("reason: test change"))
                .anySatisfy(detail -> assertThat(detail).contains("rollback to version " + versionBefore));
    }

    @Test
    void aBrokenMappingModuleOrOutputIsRefusedAndTheVersionInForceKeepsTranslating() throws Exception {
        String before = content(MAPPING);
        int versionBefore = version(MAPPING);

        var syntax = deploy(MAPPING, before.replace(CLIENT_VIEW, "\"client_view\": $summary.clientView +,"));
        assertThat(syntax.statusCode()).as(syntax.body()).isEqualTo(400);
        assertThat(json.readTree(syntax.body()).path("errors").get(0).path("field").asText()).startsWith("line ");
        assertThat(json.readTree(syntax.body()).path("detail").asText()).contains("keeps running");

        var output = deploy(MAPPING, before.replace(CLIENT_VIEW, "\"client_view\": 42,"));
        assertThat(output.statusCode()).as(output.body()).isEqualTo(400);
        assertThat(json.readTree(output.body()).path("detail").asText()).contains("assessment-summary.json").contains("client_view");

        // A module is checked through every mapping that imports it.
        String module = "social-care/functions.jslt";
        String functions = content(module);
        var brokenModule = deploy(module, functions.replace("def message(", "def message-renamed("));
        assertThat(brokenModule.statusCode()).as(brokenModule.body()).isEqualTo(400);
        assertThat(json.readTree(brokenModule.body()).path("detail").asText()).contains("social-care/referral-from-canonical.jslt");
        assertThat(content(module)).isEqualTo(functions);

        var readAtStart = deploy("disclosure-policy.yaml", content("disclosure-policy.yaml"));
        assertThat(readAtStart.statusCode()).as(readAtStart.body()).isEqualTo(409);
        assertThat(json.readTree(readAtStart.body()).path("detail").asText()).contains("restart");

        assertThat(version(MAPPING)).isEqualTo(versionBefore);
        assertThat(content(MAPPING)).isEqualTo(before);
        assertThat(load.assertDeliveredOnce(load.send(2))).hasSize(2);
        JsonNode refused = json.readTree(get("/api/v1/audit/events?eventType=CHANGE_VALIDATED", "sandbox-auditor").body());
        assertThat(refused.path("events").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).startsWith("mapping " + MAPPING).endsWith("deploy refused"));
    }

    @Test
    void aMappingDeployedOnAnotherInstanceIsPutInForceHereToo() throws Exception {
        String before = content(MAPPING);
        int versionBefore = version(MAPPING);
        // What another instance records once it has checked and deployed a change (it shares the database).
        versions.add(ConfigVersions.Kind.MAPPING, MAPPING, before.replace(CLIENT_VIEW, "\"client_view\": \"" + MARK + "\","),
                "admin", "deployed on another instance");
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(load.assertDeliveredOnce(load.send(1)).values())
                    .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText()).isEqualTo(MARK)));
        } finally {
            var rolledBack = post(MAPPINGS + MAPPING + "/rollback?version=" + versionBefore, ADMIN, null, "");
            assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        }
        assertThat(load.assertDeliveredOnce(load.send(1)).values())
                .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText()).isNotEqualTo(MARK));
    }

    @Test
    void aDeployThatAnotherInstanceBeatIsRefusedBeforeItChangesAnythingHere() throws Exception {
        String before = content(MAPPING);
        int versionBefore = version(MAPPING);
        String theirs = before.replace(CLIENT_VIEW, "\"client_view\": \"Deployed on another instance first\",");
        try {
            var refused = new AnotherInstance(transactions, database).deploysFirst(
                    () -> versions.add(ConfigVersions.Kind.MAPPING, MAPPING, theirs, "admin", "deployed on another instance"),
                    () -> deploy(MAPPING, before.replace(CLIENT_VIEW, "\"client_view\": \"" + MARK + "\",")));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json.readTree(refused.body()).path("errors").get(0).path("rule").asText()).isEqualTo("in-force-changed");
            assertThat(version(MAPPING)).isEqualTo(versionBefore + 1);
            // Translated by the version before, or by theirs once followed: never by the refused one.
            assertThat(load.assertDeliveredOnce(load.send(1)).values())
                    .allSatisfy(body -> assertThat(body.path("assessment_summary").path("client_view").asText()).isNotEqualTo(MARK));
        } finally {
            var rolledBack = post(MAPPINGS + MAPPING + "/rollback?version=" + versionBefore, ADMIN, null, "");
            assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        }
    }

    private HttpResponse<String> deploy(String id, String content) {
        return post(MAPPINGS + id + "/deploy", ADMIN, "text/plain", content);
    }

    private String content(String id) {
        var response = get(MAPPINGS + id + "/content", ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private int version(String id) throws Exception {
        return json.readTree(get(MAPPINGS + id, ADMIN).body()).path("version").asInt();
    }
}
