package fi.ketju.console;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.ScriptedPartner;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.audit.AuditTrail;
import fi.ketju.message.DeliveryStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The admin pages over HTTP against the shared hub: each renders for an admin and is refused to an auditor, a POST
 * without its CSRF token is refused, a recipient's refusal quoting the identity code shows on the dead-letter and
 * message pages as its summary only, a bulk replay replays exactly the ids its preview counted, and a route goes
 * validate → deploy → history → rollback with only the validated content deployable.
 */
class ConsoleAdminPagesTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";
    private static final String SAMPLE_HETU = "010181-900C";
    private static final String ROUTE = "employment-delivery";
    private static final String MAPPING = "employment/referral-from-canonical.jslt";
    private static final Pattern INLINE = Pattern.compile("<script>|<script [^>]*>[^<]|\\sstyle=|\\son[a-z]+=");

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    @Test
    void everyAdminPageRendersForAnAdminWithoutInlineScriptAndIsRefusedToAnAuditor() throws IOException {
        String messageId = acceptedMessage();
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        List<String> pages = List.of("/console/messages", "/console/messages?type=referral&sender=social-care&status=DELIVERED",
                "/console/messages/" + messageId, "/console/dead-letters", "/console/dead-letters/replay?recipient=" + PARTNER,
                "/console/routes", "/console/routes/" + ROUTE, "/console/mappings", "/console/mappings/mapping?id=" + MAPPING);
        for (String page : pages) {
            HttpResponse<String> shown = admin.get(page);
            assertThat(shown.statusCode()).as(page).isEqualTo(200);
            assertThat(shown.body()).as(page).contains("href=\"/console/messages\"", "href=\"/console/dead-letters\"",
                    "href=\"/console/routes\"", "href=\"/console/mappings\"").doesNotContainPattern(INLINE);
            assertThat(shown.headers().firstValue("Content-Security-Policy")).as(page).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'"));
            assertThat(auditor.get(page).statusCode()).as("an auditor on " + page).isEqualTo(403);
        }
        assertThat(admin.get("/console/messages?type=referral&sender=social-care").body()).contains(messageId);
        assertThat(admin.get("/console/messages/" + messageId).body()).contains("RECEIVED", "ROUTED", "DELIVERED", "health-care");
        assertThat(auditor.get("/console/").body()).doesNotContain("href=\"/console/routes\"");
        assertThat(auditor.post("/console/routes/" + ROUTE + "/suspend", List.of(Map.entry("reason", "not mine"))).statusCode())
                .isEqualTo(403);
        assertThat(admin.get("/console/routes/" + ROUTE).body()).contains("id=\"route-status\">running<");
    }

    @Test
    void theMessageSearchIsAlwaysWithinABoundedWindow() {
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        HttpResponse<String> tooLong = admin.get("/console/messages?from=2026-01-01T00:00&to=2026-03-01T00:00");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("role=\"alert\"", "at most 31 days");
        HttpResponse<String> senderIdAlone = admin.get("/console/messages?senderMessageId=x");
        assertThat(senderIdAlone.statusCode()).isEqualTo(400);
        assertThat(senderIdAlone.body()).contains("choose the sender too");
        HttpResponse<String> unknown = admin.get("/console/messages/" + UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("<h1>No such message</h1>");
        // By default the last 24 hours, shown in the form.
        assertThat(admin.get("/console/messages").body()).containsPattern("id=\"from\" name=\"from\" type=\"datetime-local\" value=\"\\d{4}-");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        assertThat(admin.postWithoutCsrf("/console/routes/" + ROUTE + "/suspend", List.of(Map.entry("reason", "forged")))
                .statusCode()).isEqualTo(403);
        assertThat(admin.postWithoutCsrf("/console/dead-letters/" + PARTNER + "/" + UUID.randomUUID() + "/discard",
                List.of(Map.entry("reason", "forged"))).statusCode()).isEqualTo(403);
        assertThat(admin.get("/console/routes/" + ROUTE).body()).contains("id=\"route-status\">running<");
    }

    @Test
    void aRefusalQuotingTheIdentityCodeShowsOnTheAdminPagesAsItsSummaryOnly() throws Exception {
        partner.answerWith(ScriptedPartner.Answer.fhirRefusalQuoting(SAMPLE_HETU));
        UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        awaitListed(admin, id);

        List<String> pages = List.of("/console/dead-letters", "/console/dead-letters?recipient=" + PARTNER + "&reasonContains=422",
                "/console/dead-letters/" + PARTNER + "/" + id, "/console/dead-letters/replay?recipient=" + PARTNER,
                "/console/messages/" + id, "/console/messages?recipient=" + PARTNER + "&status=DEAD",
                "/console/messages?messageId=" + id);
        for (String page : pages) {
            HttpResponse<String> shown = admin.get(page);
            assertThat(shown.statusCode()).as(page).isEqualTo(200);
            assertThat(shown.body()).as(page).contains(id.toString()).doesNotContain(SAMPLE_HETU, "010181", "No patient");
        }
        assertThat(admin.get("/console/dead-letters/" + PARTNER + "/" + id).body()).contains("refused, HTTP 422 [not-found]");
        assertThat(admin.get("/console/messages/" + id).body()).contains("DEAD_LETTERED", "refused, HTTP 422",
                "href=\"/console/dead-letters/" + PARTNER + "/" + id + "\"");

        // Replay and discard each need a reason: without one nothing happens.
        HttpResponse<String> noReason = admin.post("/console/dead-letters/" + PARTNER + "/" + id + "/discard",
                List.of(Map.entry("reason", " ")));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("role=\"alert\"", "reason");
        HttpResponse<String> discarded = admin.post("/console/dead-letters/" + PARTNER + "/" + id + "/discard",
                List.of(Map.entry("reason", "the partner will not take it")));
        assertThat(discarded.statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/dead-letters").body()).doesNotContain("data-message=\"" + id + "\"")
                .contains("was discarded");
        assertThat(admin.get("/console/messages/" + id).body()).contains("DISCARDED", "by admin: the partner will not take it");
    }

    @Test
    void aBulkReplayReplaysExactlyTheIdsItsPreviewCounted() throws Exception {
        partner.answer(409, 409);
        List<UUID> dead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
            deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
            dead.add(id);
        }
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        dead.forEach(id -> awaitListed(admin, id));
        String filter = "/console/dead-letters/replay?recipient=" + PARTNER + "&reasonContains=HTTP+409";

        HttpResponse<String> preview = admin.get(filter);
        List<String> ids = ConsoleClient.hiddenValues(preview.body(), "id");
        assertThat(ids).containsAll(dead.stream().map(UUID::toString).toList());
        assertThat(preview.body()).contains("id=\"match-count\">" + ids.size() + "<");
        for (String id : ids) {
            assertThat(preview.body()).contains("href=\"/console/messages/" + id + "\"");
        }
        // One more matching dead letter after the preview: the confirmation replays the ids shown, not the filter again.
        partner.answer(409);
        UUID later = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(later, DeliveryStatus.DEAD);
        awaitListed(admin, later);
        partner.answer();

        List<Map.Entry<String, String>> confirm = new ArrayList<>(List.of(Map.entry("recipient", PARTNER),
                Map.entry("reason", "partner fixed its conflict check")));
        ids.forEach(id -> confirm.add(Map.entry("id", id)));
        HttpResponse<String> result = admin.post("/console/dead-letters/replay", confirm);

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("id=\"replayed-count\">" + ids.size() + "<").doesNotContain(later.toString());
        for (UUID id : dead) {
            deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED);
        }
        assertThat(admin.get("/console/dead-letters?recipient=" + PARTNER).body()).contains("data-message=\"" + later + "\"");
        assertThat(admin.get("/console/messages/" + dead.get(0)).body()).contains("REPLAYED", "by admin: partner fixed its conflict check");
        // The auditor tells the console's action from the admin API's by its requester.
        JsonNode replay = json.readTree(get("/api/v1/audit/events?eventType=REPLAYED&messageId=" + dead.get(0), "sandbox-auditor").body())
                .path("events").get(0);
        assertThat(replay.path("requester").asText()).isEqualTo(AuditTrail.CONSOLE);
        assertThat(replay.path("requesterUser").asText()).isEqualTo("admin");
        // Left out of the replay, it is discarded here so that no later test finds it in the scripted partner's dead letters.
        assertThat(admin.post("/console/dead-letters/" + PARTNER + "/" + later + "/discard",
                List.of(Map.entry("reason", "made by a test"))).statusCode()).isEqualTo(302);
    }

    @Test
    void aRouteIsValidatedDeployedShownInItsHistoryAndRolledBackAndOnlyTheValidatedContentDeploys() throws Exception {
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        String original = get("/api/v1/admin/routes/" + ROUTE + "/content", "sandbox-admin").body();
        int before = versionInForce(admin);
        String changed = original + "# console deploy " + UUID.randomUUID() + "\n";

        HttpResponse<String> validated = admin.post("/console/routes/" + ROUTE + "/validate", List.of(Map.entry("content", changed)));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(validated.body()).contains("id=\"validation-result\">Valid", "class=\"added\">+# console deploy");
        String checksum = ConsoleClient.hidden(validated.body(), "checksum");
        assertThat(ConsoleClient.hidden(validated.body(), "content")).isEqualTo(changed);

        // Another text under the validated checksum, or one never validated, is refused and changes nothing.
        HttpResponse<String> tampered = admin.post("/console/routes/" + ROUTE + "/deploy", List.of(Map.entry("content", changed + "# more\n"),
                Map.entry("checksum", checksum), Map.entry("versionInForce", String.valueOf(before)), Map.entry("reason", "tampered")));
        assertThat(tampered.statusCode()).isEqualTo(409);
        assertThat(tampered.body()).contains("only the exact content that passed validation");
        String unvalidated = original + "# never validated\n";
        assertThat(admin.post("/console/routes/" + ROUTE + "/deploy", List.of(Map.entry("content", unvalidated),
                Map.entry("checksum", sha256(unvalidated)), Map.entry("versionInForce", String.valueOf(before)),
                Map.entry("reason", "unvalidated"))).statusCode()).isEqualTo(409);
        assertThat(versionInForce(admin)).isEqualTo(before);

        HttpResponse<String> deployed = admin.post("/console/routes/" + ROUTE + "/deploy", List.of(Map.entry("content", changed),
                Map.entry("checksum", checksum), Map.entry("versionInForce", String.valueOf(before)),
                Map.entry("reason", "console journey")));
        assertThat(deployed.statusCode()).isEqualTo(302);
        HttpResponse<String> page = admin.get("/console/routes/" + ROUTE);
        assertThat(page.body()).contains("is in force.", "console journey", "class=\"added\">+# console deploy",
                "id=\"route-status\">running<");
        assertThat(versionInForce(admin)).isEqualTo(before + 1);
        assertThat(get("/api/v1/admin/routes/" + ROUTE + "/content", "sandbox-admin").body()).isEqualTo(changed);

        HttpResponse<String> compared = admin.get("/console/routes/" + ROUTE + "/compare?version=" + before);
        assertThat(compared.statusCode()).isEqualTo(200);
        assertThat(compared.body()).contains("class=\"removed\">-# console deploy").doesNotContain("class=\"added\">");
        assertThat(page.body()).contains("href=\"/console/routes/" + ROUTE + "/compare?version=" + before + "\"");
        HttpResponse<String> noVersion = admin.post("/console/routes/" + ROUTE + "/rollback",
                List.of(Map.entry("version", "latest"), Map.entry("reason", "journey done")));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("role=\"alert\"", "version: missing or not of the right kind");
        HttpResponse<String> rolledBack = admin.post("/console/routes/" + ROUTE + "/rollback",
                List.of(Map.entry("version", String.valueOf(before)), Map.entry("reason", "journey done")));
        assertThat(rolledBack.statusCode()).isEqualTo(302);
        assertThat(versionInForce(admin)).isEqualTo(before + 2);
        assertThat(get("/api/v1/admin/routes/" + ROUTE + "/content", "sandbox-admin").body()).isEqualTo(original);
        assertThat(admin.get("/console/routes/" + ROUTE).body()).contains("rollback to version " + before + "; reason: journey done");

        assertThat(admin.post("/console/routes/" + ROUTE + "/suspend", List.of(Map.entry("reason", "partner maintenance")))
                .statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/routes/" + ROUTE).body()).contains("id=\"route-status\">suspended<", "name=\"reason\"");
        assertThat(admin.post("/console/routes/" + ROUTE + "/resume", List.of(Map.entry("reason", "maintenance over")))
                .statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/routes/" + ROUTE).body()).contains("id=\"route-status\">running<");
    }

    @Test
    void aMappingsDryRunShowsPerRecipientTheOutputAndWhatThePolicyWithheldAndOnlyThatContentDeploys() {
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        String original = get("/api/v1/admin/mappings/" + MAPPING + "/content", "sandbox-admin").body();
        String changed = original + "\n// console deploy " + UUID.randomUUID() + "\n";
        String page = "/console/mappings/mapping?id=" + MAPPING;
        int before = versionInForce(admin.get(page).body());

        HttpResponse<String> validated = admin.post("/console/mappings/validate", List.of(Map.entry("id", MAPPING),
                Map.entry("content", changed)));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(validated.body()).contains("id=\"validation-result\">Valid", "data-recipient=\"employment\"",
                "Withheld by the disclosure policy", "class=\"added\">+// console deploy").doesNotContainPattern(INLINE);
        // The samples' outputs carry the sample's synthetic identity code: an admin's page shows none.
        assertThat(validated.body()).contains("[identity code]").doesNotContain(SAMPLE_HETU);
        String checksum = ConsoleClient.hidden(validated.body(), "checksum");
        assertThat(admin.post("/console/mappings/deploy", List.of(Map.entry("id", MAPPING), Map.entry("content", changed + " "),
                Map.entry("checksum", checksum), Map.entry("versionInForce", String.valueOf(before)),
                Map.entry("reason", "tampered"))).statusCode()).isEqualTo(409);

        assertThat(admin.post("/console/mappings/deploy", List.of(Map.entry("id", MAPPING), Map.entry("content", changed),
                Map.entry("checksum", checksum), Map.entry("versionInForce", String.valueOf(before)),
                Map.entry("reason", "console mapping journey"))).statusCode()).isEqualTo(302);
        assertThat(admin.get(page).body()).contains("console mapping journey", "is in force.");
        assertThat(versionInForce(admin.get(page).body())).isEqualTo(before + 1);

        assertThat(admin.get("/console/mappings/compare?id=" + MAPPING + "&version=" + before).body())
                .contains("class=\"removed\">-// console deploy");
        assertThat(admin.post("/console/mappings/rollback", List.of(Map.entry("id", MAPPING), Map.entry("version", String.valueOf(before)),
                Map.entry("reason", "journey done"))).statusCode()).isEqualTo(302);
        assertThat(versionInForce(admin.get(page).body())).isEqualTo(before + 2);
        assertThat(get("/api/v1/admin/mappings/" + MAPPING + "/content", "sandbox-admin").body()).isEqualTo(original);
    }

    private static int versionInForce(ConsoleClient admin) {
        return versionInForce(admin.get("/console/routes/" + ROUTE).body());
    }

    private static int versionInForce(String page) {
        Matcher version = Pattern.compile("id=\"version-in-force\">(\\d+)<").matcher(page);
        assertThat(version.find()).isTrue();
        return Integer.parseInt(version.group(1));
    }

    private static void awaitListed(ConsoleClient admin, UUID id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/console/dead-letters?recipient=" + PARTNER).body()
                .contains("data-message=\"" + id + "\""));
    }

    /** A message accepted at social care's door and delivered to health care. */
    private static String acceptedMessage() throws IOException {
        String id = HubTestSupport.acceptReferral(HubTestSupport.PORT, "console-admin-");
        HubTestSupport.awaitDelivered(HubTestSupport.PORT, id);
        return id;
    }

    private static String sha256(String content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
