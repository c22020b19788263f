package fi.ketju.console;

import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's measures page (fi.ketju.measure.MeasurePages): an analyst signs in to it and to nothing else; admins and
 * auditors see it too; each measure's groups are charts (SVG, no script or inline style) with their figures in a table.
 */
class MeasuresConsolePagesTest extends HubIntegrationTest {

    @Test
    void anAnalystSignsInToTheMeasuresAndIsRefusedEverythingElse() throws Exception {
        HubTestSupport.acceptReferral(HubTestSupport.PORT, "MEASURE-CONSOLE-");
        ConsoleClient analyst = ConsoleClient.signedIn("analyst");
        HttpResponse<String> page = analyst.get("/console/measures?measure=referrals&months=3");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Measures</h1>", "<svg", "role=\"img\"", "<table>", "href=\"/console/measures\"",
                "Referrals per service, urgency and sending organisation").doesNotContain("style=", "<script>",
                "href=\"/console/audit\"", "href=\"/console/messages\"", "010181-900C");
        assertThat(page.headers().allValues("Cache-Control")).containsExactly("no-store");
        for (String measure : List.of("referral-lead-time", "sickness-allowance-checkpoints", "assessment-outcomes",
                "benefit-transitions", "ips-employment")) {
            assertThat(analyst.get("/console/measures?measure=" + measure + "&months=2").statusCode()).as(measure).isEqualTo(200);
        }
        for (String path : List.of("/console/", "/console/messages", "/console/mappings", "/console/audit", "/console/audit/verify")) {
            assertThat(analyst.get(path).statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> refused = analyst.get("/console/measures?to=2025-13");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<strong>to</strong> (<span>year-month</span>)");
        assertThat(analyst.get("/console/measures?months=99").body()).contains("<strong>months</strong> (<span>range</span>)");
        assertThat(analyst.get("/console/measures?measure=nothing").body()).contains("<strong>id</strong> (<span>exists</span>)");
    }

    @Test
    void adminsAndAuditorsSeeTheMeasuresToo() {
        for (String user : List.of("admin", "auditor")) {
            HttpResponse<String> page = ConsoleClient.signedIn(user).get("/console/measures?months=2");
            assertThat(page.statusCode()).as(user).isEqualTo(200);
            assertThat(page.body()).as(user).contains("<h1>Measures</h1>", "<svg");
        }
    }
}
