package fi.ketju.console;

import static fi.ketju.HubTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The auditors' console pages over HTTP against the shared hub: each renders for an auditor and is refused to an admin,
 * a POST without its CSRF token is refused, a search by person keeps the identity code out of every address and the
 * log, a body opens only with a purpose and a reason which its audit event records, and the disclosure report.
 */
class ConsoleAuditPagesTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDITOR_TOKEN = "sandbox-auditor";
    private static final String ANY_MESSAGE = "/console/audit/messages/" + UUID.randomUUID();

    /** One delivered referral about a client of this class's own, sent by the first test that needs it. */
    private static DeliveredReferral delivered;

    @Test
    void everyAuditorPageRendersForTheAuditorAndIsRefusedToAnAdmin() {
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        ConsoleClient admin = ConsoleClient.signedIn("admin");
        Map<String, String> pages = Map.of("/console/audit", "Audit search", "/console/audit/disclosures", "Disclosure report",
                "/console/audit/verify", "Audit trail", ANY_MESSAGE + "/body", "Message body",
                ANY_MESSAGE + "/failures", "Failed deliveries");
        pages.forEach((path, heading) -> {
            HttpResponse<String> page = auditor.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<h1>" + heading + "</h1>", "href=\"/console/audit\"",
                    "href=\"/console/audit/disclosures\"").doesNotContain("style=", "<script>");
            assertThat(page.headers().allValues("Cache-Control")).as(path).containsExactly("no-store");

            HttpResponse<String> refused = admin.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).as(path).contains("<h1>Not allowed</h1>").doesNotContain(heading + "</h1>");
        });
        HttpResponse<String> notAMessage = auditor.get("/console/audit/messages/not-a-message-id/body");
        assertThat(notAMessage.statusCode()).isEqualTo(400);
        assertThat(notAMessage.body()).contains("<h1>No such message</h1>", "messageId: is not a hub message id");
        String adminToken = ConsoleClient.csrf(admin.get("/console/").body());
        for (String path : List.of("/console/audit", "/console/audit/disclosures", ANY_MESSAGE + "/body")) {
            assertThat(admin.postForm(path, Map.of("_csrf", adminToken, "person", "010181-900C")).statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void aPostWithoutItsCsrfTokenIsRefused() {
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        for (String path : List.of("/console/audit", "/console/audit/disclosures", ANY_MESSAGE + "/body", ANY_MESSAGE + "/failures")) {
            assertThat(auditor.postForm(path, Map.of("person", "010181-900C", "purpose", "SUPERVISION", "reason", "check"))
                    .statusCode()).as(path).isEqualTo(403);
        }
    }

    @Test
    void theSearchOpensOnTheLastDayNewestFirst() {
        delivered();
        HttpResponse<String> page = ConsoleClient.signedIn("auditor").get("/console/audit");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"events\"", "newest first", "name=\"from\"");
        List<Long> ids = eventIds(page.body());
        assertThat(ids).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void theNextPageIsThePostedSearchFromWhereThePageEnded() {
        DeliveredReferral referral = delivered();
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        String token = ConsoleClient.csrf(auditor.get("/console/audit").body());
        Map<String, String> search = Map.of("_csrf", token, "person", referral.hetu(), "from", "", "limit", "2");

        HttpResponse<String> first = auditor.postForm("/console/audit", search);
        Matcher before = Pattern.compile("name=\"before\" value=\"(\\d+)\"").matcher(first.body());
        assertThat(before.find()).as("a form for the next page").isTrue();
        assertThat(first.body()).contains("type=\"hidden\" name=\"person\" value=\"" + referral.hetu() + "\"");
        Map<String, String> next = new HashMap<>(search);
        next.put("before", before.group(1));
        HttpResponse<String> second = auditor.postForm("/console/audit", next);

        List<Long> firstIds = eventIds(first.body());
        List<Long> secondIds = eventIds(second.body());
        assertThat(firstIds).hasSize(2);
        assertThat(secondIds).isNotEmpty().allMatch(id -> id < firstIds.get(1));
    }

    @Test
    void aSearchByPersonFindsTheirEventsAndTheCodeIsInNoAddressNorTheLog() throws IOException {
        DeliveredReferral referral = delivered();
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        String token = ConsoleClient.csrf(auditor.get("/console/audit").body());

        HttpResponse<String> found;
        List<String> logged;
        try (LogCapture log = LogCapture.capture()) {
            found = auditor.postForm("/console/audit", Map.of("_csrf", token, "person", referral.hetu(), "from", "", "limit", "20"));
            logged = log.lines();
        }

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("Location")).isEmpty();
        assertThat(found.body()).contains(referral.messageId(), "DELIVERED", "RECEIVED");
        assertThat(auditor.addresses()).isNotEmpty().noneMatch(address -> address.contains(referral.hetu()));
        assertThat(logged).noneMatch(line -> line.contains(referral.hetu()));
        // The search is the API's AUDIT_SEARCH event, about the person, marked as the console's.
        JsonNode search = events("person=" + referral.hetu() + "&eventType=AUDIT_SEARCH").get(0);
        assertThat(search.path("requester").asText()).isEqualTo("ketju-console");
        assertThat(search.path("requesterUser").asText()).isEqualTo("auditor");
        assertThat(search.path("detail").asText()).contains("person=(the data subject)", "via: console");
    }

    @Test
    void aBodyOpensOnlyWithAReasonWhichItsAuditEventRecords() {
        DeliveredReferral referral = delivered();
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        String path = "/console/audit/messages/" + referral.messageId() + "/body";
        HttpResponse<String> asked = auditor.get(path);
        assertThat(asked.body()).contains("is logged", "<label for=\"purpose\"", "<label for=\"reason\"")
                .doesNotContain("id=\"body\"");
        String token = ConsoleClient.csrf(asked.body());
        int viewsBefore = events("messageId=" + referral.messageId() + "&eventType=AUDIT_VIEW").size();

        HttpResponse<String> refused = auditor.postForm(path, Map.of("_csrf", token, "purpose", "SUPERVISION", "reason", "  "));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "reason: write why").doesNotContain("id=\"body\"", "Asiakas");
        assertThat(events("messageId=" + referral.messageId() + "&eventType=AUDIT_VIEW")).as("no view recorded").hasSize(viewsBefore);

        // Words only: a random id may be shaped like an identity code, which a reason may not hold.
        String reason = "Supervision case Beta";
        HttpResponse<String> opened = auditor.postForm(path, Map.of("_csrf", token, "purpose", "SUPERVISION", "reason", reason));
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(opened.body()).contains("id=\"body\"", "Asiakas", reason);

        JsonNode view = events("messageId=" + referral.messageId() + "&eventType=AUDIT_VIEW").get(0);
        assertThat(view.path("detail").asText()).isEqualTo("message body; reason: " + reason + "; via: console");
        assertThat(view.path("purpose").asText()).contains("supervision");
        assertThat(view.path("requester").asText()).isEqualTo("ketju-console");
        assertThat(view.path("requesterUser").asText()).isEqualTo("auditor");
    }

    @Test
    void theFailedDeliveriesOpenWithAReasonTooAndAReasonHoldsNoIdentityCode() {
        DeliveredReferral referral = delivered();
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        String path = "/console/audit/messages/" + referral.messageId() + "/failures";
        String token = ConsoleClient.csrf(auditor.get(path).body());

        HttpResponse<String> refused = auditor.postForm(path, Map.of("_csrf", token, "purpose", "FAILED_DELIVERY",
                "reason", "client " + referral.hetu() + " asked"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("reason: must not contain an identity code");

        HttpResponse<String> opened = auditor.postForm(path, Map.of("_csrf", token, "purpose", "FAILED_DELIVERY", "reason", "ticket 42"));
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.body()).contains("No failed delivery of this message is kept");
        assertThat(events("messageId=" + referral.messageId() + "&eventType=AUDIT_VIEW").findValuesAsText("detail"))
                .contains("delivery failure details; 0 kept; reason: ticket 42; via: console");
    }

    @Test
    void theDisclosureReportOfADeliveredReferral() {
        DeliveredReferral referral = delivered();
        ConsoleClient auditor = ConsoleClient.signedIn("auditor");
        String token = ConsoleClient.csrf(auditor.get("/console/audit/disclosures").body());

        HttpResponse<String> report = auditor.postForm("/console/audit/disclosures", Map.of("_csrf", token, "person", referral.hetu()));

        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"disclosures\"", referral.hetu(), referral.messageId(), "health-care");
        assertThat(auditor.addresses()).noneMatch(address -> address.contains(referral.hetu()));
        assertThat(events("person=" + referral.hetu() + "&eventType=AUDIT_VIEW").findValuesAsText("detail"))
                .anyMatch(detail -> detail.startsWith("disclosure report (html); ") && detail.endsWith("; via: console"));

        HttpResponse<String> refused = auditor.postForm("/console/audit/disclosures", Map.of("_csrf", token, "person", "not-a-code"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("person: must be a valid personal identity code").doesNotContain("not-a-code");
    }

    /** The ids of the events a search page lists, in its order. */
    private static List<Long> eventIds(String html) {
        return Pattern.compile("data-event=\"(\\d+)\"").matcher(html).results()
                .map(match -> Long.parseLong(match.group(1))).toList();
    }

    /** The audit API's answer to a search: what the console's reads are checked against. */
    private static JsonNode events(String query) {
        HttpResponse<String> answer = get("/api/v1/audit/events?" + query, AUDITOR_TOKEN);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body()).path("events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized DeliveredReferral delivered() {
        if (delivered == null) {
            delivered = DeliveredReferral.send();
        }
        return delivered;
    }
}
