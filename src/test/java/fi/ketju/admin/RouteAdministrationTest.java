package fi.ketju.admin;

import static fi.ketju.HubTestSupport.get;
import static fi.ketju.HubTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.message.DeliveryStatus;
import fi.ketju.message.MessageLedger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What an integration admin sees and does with routes: what is in force, a broken file refused with the line or
 * field while the version in force keeps delivering, a change previewed, deployed under load without a lost or
 * duplicated message, rolled back, suspended and resumed, each in the history and the audit trail.
 */
class RouteAdministrationTest extends HubIntegrationTest {

    private static final String ADMIN = "sandbox-admin";
    private static final String ROUTES = "/api/v1/admin/routes";
    private static final String ROUTE = "social-care-delivery";

    @Autowired ObjectMapper json;
    @Autowired ProducerTemplate producer;
    @Autowired MessageLedger ledger;
    @Autowired ConfigVersions versions;
    @Autowired CamelContext camel;
    @Autowired PlatformTransactionManager transactions;
    @Autowired DataSource database;
    @Autowired RouteAdministration routes;
    @Autowired RouteFiles files;
    private SocialCareLoad load;

    @BeforeEach
    void load() {
        load = new SocialCareLoad(json, producer, ledger);
    }

    @Test
    void listsEveryRouteInForceWithItsVersionStatusAndFigures() throws Exception {
        var response = get(ROUTES, ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode routes = json.readTree(response.body());
        assertThat(routes.findValuesAsText("id")).contains("referral-routing", "partner-delivery", "error-handling", ROUTE);
        JsonNode referralRouting = byId(routes, "referral-routing");
        assertThat(referralRouting.path("status").asText()).isEqualTo("running");
        assertThat(referralRouting.path("version").asInt()).isEqualTo(1);
        assertThat(referralRouting.path("checksum").asText()).isEqualTo(
                ConfigVersions.checksum(Files.readString(Path.of("routes/referral-routing.camel.yaml"))));
        assertThat(referralRouting.path("deployedBy").asText()).isEqualTo("repository");
        assertThat(referralRouting.path("figures").has("in")).isTrue();
        assertThat(byId(routes, "partner-delivery").path("status").asText()).isEqualTo("template");
        assertThat(get(ROUTES, "sandbox-social-care").statusCode()).isEqualTo(403);
    }

    @Test
    void aBrokenRouteIsRefusedPreciselyAndTheVersionInForceKeepsDelivering() throws Exception {
        String inForce = content(ROUTE);

        var notYaml = post(ROUTES + "/validate", ADMIN, "application/yaml", "- templatedRoute:\n    routeId: x\n   bad: [");
        assertThat(notYaml.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notYaml.body()).path("errors").get(0).path("field").asText()).startsWith("line 3, column");

        String wrongTemplate = inForce.replace("routeTemplateRef: partner-delivery", "routeTemplateRef: partner-delivry");
        var refused = post(ROUTES + "/validate", ADMIN, "application/yaml", wrongTemplate);
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode preview = json.readTree(refused.body());
        assertThat(preview.path("valid").asBoolean()).isFalse();
        assertThat(preview.path("errors").get(0).path("field").asText()).isEqualTo("/0/templatedRoute/routeTemplateRef");
        assertThat(preview.path("errors").get(0).path("detail").asText()).contains("partner-delivry");

        var deployRefused = post(ROUTES + "/" + ROUTE + "/deploy", ADMIN, "application/yaml", wrongTemplate);
        assertThat(deployRefused.statusCode()).isEqualTo(400);
        assertThat(deployRefused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(json.readTree(deployRefused.body()).path("errors").get(0).path("field").asText())
                .isEqualTo("/0/templatedRoute/routeTemplateRef");

        var template = post(ROUTES + "/partner-delivery/deploy", ADMIN, "application/yaml", content("partner-delivery"));
        assertThat(template.statusCode()).isEqualTo(409);
        assertThat(json.readTree(template.body()).path("detail").asText()).contains("restart");

        assertThat(content(ROUTE)).isEqualTo(inForce);
        assertThat(byId(json.readTree(get(ROUTES, ADMIN).body()), ROUTE).path("status").asText()).isEqualTo("running");
        load.assertDeliveredOnce(load.send(1));
    }

    @Test
    void aRouteThatCamelCannotStartIsRefusedAndThePreviousVersionRestored() throws Exception {
        String inForce = content("dispatch");
        int version = version("dispatch");
        // Parses and builds, but the endpoint refuses the option when the route starts.
        String unstartable = inForce.replace("      uri: direct:dispatch", "      uri: direct:dispatch\n      parameters:\n        noSuchOption: x");
        assertThat(unstartable).isNotEqualTo(inForce);

        var refused = post(ROUTES + "/dispatch/deploy", ADMIN, "application/yaml", unstartable);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).path("detail").asText()).contains("noSuchOption").contains("keeps running");

        assertThat(version("dispatch")).isEqualTo(version);
        assertThat(content("dispatch")).isEqualTo(inForce);
        assertThat(byId(json.readTree(get(ROUTES, ADMIN).body()), "dispatch").path("status").asText()).isEqualTo("running");
        load.assertDeliveredOnce(load.send(2));
    }

    @Test
    void aChangeIsPreviewedDeployedUnderLoadWithoutLossOrDuplicateRolledBackAndAudited() throws Exception {
        String before = content(ROUTE);
        int versionBefore = version(ROUTE);
        String changed = before.replace("- templatedRoute:", "# Changed by RouteAdministrationTest\n- templatedRoute:");

        var preview = post(ROUTES + "/validate", ADMIN, "application/yaml", changed);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(json.readTree(preview.body()).path("diff").toString()).contains("+# Changed by RouteAdministrationTest");
        assertThat(version(ROUTE)).as("validate changes nothing").isEqualTo(versionBefore);

        CompletableFuture<List<String>> during = CompletableFuture.supplyAsync(() -> load.send(40));
        Thread.sleep(200);
        var deployed = post(ROUTES + "/" + ROUTE + "/deploy?reason=" + URLEncoder.encode("test change", StandardCharsets.UTF_8),
                ADMIN, "application/yaml", changed);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(json.readTree(deployed.body()).path("version").asInt()).isEqualTo(versionBefore + 1);
        assertThat(json.readTree(deployed.body()).path("status").asText()).isEqualTo("running");
        load.assertDeliveredOnce(during.get());
        assertThat(content(ROUTE)).isEqualTo(changed);

        var rolledBack = post(ROUTES + "/" + ROUTE + "/rollback?version=" + versionBefore, ADMIN, null, "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(json.readTree(rolledBack.body()).path("version").asInt()).isEqualTo(versionBefore + 2);
        assertThat(content(ROUTE)).isEqualTo(before);
        load.assertDeliveredOnce(load.send(3));

        JsonNode history = json.readTree(get(ROUTES + "/" + ROUTE + "/history", ADMIN).body());
        assertThat(history.get(0).path("reason").asText()).startsWith("rollback to version " + versionBefore);
        assertThat(history.get(1).path("author").asText()).isEqualTo("admin");
        assertThat(history.get(1).path("reason").asText()).isEqualTo("test change");
        assertThat(history.get(1).path("diff").toString()).contains("+# Changed by RouteAdministrationTest");

        JsonNode audit = json.readTree(get("/api/v1/audit/events?eventType=ROUTE_CHANGED", "sandbox-auditor").body());
        assertThat(audit.path("events").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).startsWith("deployed route " + ROUTE + " version " + (versionBefore + 1))
                        .contains("reason: test change"))
                .anySatisfy(detail -> assertThat(detail).contains("rollback to version " + versionBefore));
        JsonNode validated = json.readTree(get("/api/v1/audit/events?eventType=CHANGE_VALIDATED", "sandbox-auditor").body());
        assertThat(validated.path("events").findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail).endsWith(": valid"));
    }

    @Test
    void aSuspendedRouteHoldsItsMessagesUntilResumed() throws Exception {
        List<String> ids;
        var suspended = post(ROUTES + "/" + ROUTE + "/suspend?reason=partner+maintenance", ADMIN, null, "");
        try {
            assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
            assertThat(json.readTree(suspended.body()).path("status").asText()).isEqualTo("suspended");
            assertThat(status(ROUTE)).isEqualTo("suspended");
            JsonNode figuresBefore = figures(ROUTE);

            ids = load.send(5);
            // Routed (social care's delivery recorded, the copy on its queue), so only the suspension holds them.
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                        .until(() -> ledger.delivery(UUID.fromString(id), "social-care").isPresent());
            }
            await("none delivered while suspended").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        for (String id : ids) {
                            assertThat(ledger.delivery(UUID.fromString(id), "social-care").map(d -> d.status()))
                                    .as("%s on hold", id).contains(DeliveryStatus.PENDING);
                        }
                        assertThat(json.readTree(get("/sandbox/social-care/received", null).body())
                                .findValuesAsText("idempotencyKey")).doesNotContainAnyElementsOf(keys(ids));
                        assertThat(figures(ROUTE)).as("the route took nothing").isEqualTo(figuresBefore);
                    });
            assertThat(status(ROUTE)).isEqualTo("suspended");
        } finally {
            var resumed = post(ROUTES + "/" + ROUTE + "/resume", ADMIN, null, "");
            assertThat(json.readTree(resumed.body()).path("status").asText()).as(resumed.body()).isEqualTo("running");
        }
        assertThat(status(ROUTE)).isEqualTo("running");
        load.assertDeliveredOnce(ids);
        JsonNode audit = json.readTree(get("/api/v1/audit/events?eventType=ROUTE_CHANGED", "sandbox-auditor").body());
        assertThat(audit.path("events").findValuesAsText("detail"))
                .contains("suspended route " + ROUTE + "; reason: partner maintenance", "resumed route " + ROUTE);
    }

    @Test
    void aChangeMadeOnAnotherInstanceIsPutInForceHereToo() throws Exception {
        String before = content(ROUTE);
        int versionBefore = version(ROUTE);
        Route running = camel.getRoute(ROUTE);
        // What another instance records once it has checked and deployed a change (it shares the database).
        versions.add(ConfigVersions.Kind.ROUTE, ROUTE, before.replace("- templatedRoute:", "# Deployed on another instance\n- templatedRoute:"),
                "admin", "deployed on another instance");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute(ROUTE) != null && camel.getRoute(ROUTE) != running
                    && camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started);
            load.assertDeliveredOnce(load.send(2));

            versions.setSuspended(ConfigVersions.Kind.ROUTE, ROUTE, true, "admin");
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Suspended);
            versions.setSuspended(ConfigVersions.Kind.ROUTE, ROUTE, false, "admin");
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRouteController().getRouteStatus(ROUTE) == ServiceStatus.Started);
        } finally {
            rollBack(versionBefore);
        }
        load.assertDeliveredOnce(load.send(2));
    }

    @Test
    void aDeployThatAnotherInstanceBeatIsRefusedBeforeItChangesAnythingHere() throws Exception {
        String before = content(ROUTE);
        int versionBefore = version(ROUTE);
        String theirs = commented(before, "Deployed on another instance first");
        String ours = commented(before, "Deployed here, second");
        Route running = camel.getRoute(ROUTE);
        try {
            var refused = new AnotherInstance(transactions, database).deploysFirst(
                    () -> versions.add(ConfigVersions.Kind.ROUTE, ROUTE, theirs, "admin", "deployed on another instance"),
                    () -> post(ROUTES + "/" + ROUTE + "/deploy", ADMIN, "application/yaml", ours));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("in-force-changed");
            assertThat(problem.path("detail").asText()).contains("version " + (versionBefore + 1), "Validate again", "nothing changed here");
            // Here runs the route as before, or theirs once followed (under the monitor the follower holds): never ours.
            synchronized (routes) {
                if (camel.getRoute(ROUTE) != running) {
                    assertThat(files.read(ROUTE)).as("swapped here only to follow theirs").isEqualTo(theirs);
                }
            }
            assertThat(versions.history(ConfigVersions.Kind.ROUTE, ROUTE)).extracting(ConfigVersions.Version::content)
                    .doesNotContain(ours);
            assertThat(version(ROUTE)).isEqualTo(versionBefore + 1);
        } finally {
            rollBack(versionBefore);
        }
        load.assertDeliveredOnce(load.send(2));
    }

    @Test
    void theAdminApiIsDescribedInOpenApi() throws Exception {
        var docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).path("paths");
        assertThat(paths.has("/api/v1/admin/routes/validate")).isTrue();
        assertThat(paths.path("/api/v1/admin/routes/{id}/deploy").path("post").path("summary").asText()).contains("atomically");
        assertThat(paths.has("/api/v1/admin/mappings")).isTrue();
        assertThat(paths.path("/api/v1/admin/mappings/{path}").path("post").path("summary").asText()).contains("deploy", "rollback");
        assertThat(paths.has("/api/v1/admin/dead-letters")).isTrue();
        assertThat(paths.path("/api/v1/admin/dead-letters").path("get").path("tags").get(0).asText()).isEqualTo("admins");
    }

    private void rollBack(int version) {
        var rolledBack = post(ROUTES + "/" + ROUTE + "/rollback?version=" + version, ADMIN, null, "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
    }

    private static String commented(String route, String comment) {
        return route.replace("- templatedRoute:", "# " + comment + "\n- templatedRoute:");
    }

    private static List<String> keys(List<String> ids) {
        return ids.stream().map(id -> id + ":social-care").toList();
    }

    private String status(String id) throws Exception {
        return json.readTree(get(ROUTES + "/" + id, ADMIN).body()).path("status").asText();
    }

    private JsonNode figures(String id) throws Exception {
        return json.readTree(get(ROUTES + "/" + id, ADMIN).body()).path("figures");
    }

    private String content(String id) {
        var response = get(ROUTES + "/" + id + "/content", ADMIN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private int version(String id) throws Exception {
        return json.readTree(get(ROUTES + "/" + id, ADMIN).body()).path("version").asInt();
    }

    private static JsonNode byId(JsonNode routes, String id) {
        for (JsonNode route : routes) {
            if (route.path("id").asText().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("no route " + id + " in " + routes);
    }
}
