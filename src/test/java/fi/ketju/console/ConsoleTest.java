package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static fi.ketju.HubTestSupport.PORT;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console without a browser, over HTTP against the shared hub: sign-in per role, the landing pages, 403 across
 * roles, CSRF, the security headers and cookie, sign-out, and no identity code on the admin's overview.
 */
class ConsoleTest extends HubIntegrationTest {

    @Autowired JdbcClient jdbc;

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final String SAMPLE_HETU = "010181-900C";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void theSignInPageHasTheFormAndTheHeaders() {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get("/console/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<html lang=\"en\"", "name=\"username\"", "name=\"password\"",
                "<label for=\"username\"", "<label for=\"password\"", "<button type=\"submit\">Sign in</button>")
                .doesNotContain("<script>", "style=");
        assertSecurityHeaders(login);
        assertThat(browser.get("/console/console.css").statusCode()).isEqualTo(200);
        assertThat(browser.get("/console/htmx.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aPageAsksForSignInFirstAndTheApiTokensOpenNoConsole() {
        HttpResponse<String> page = new Browser().get("/console/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/console/login"));
        assertThat(new Browser().get("/console").headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/console/login"));
        HttpResponse<String> withToken = HubTestSupport.get("/console/", "sandbox-admin");
        assertThat(withToken.statusCode()).isNotEqualTo(200);
        assertThat(HubTestSupport.get("/api/v1/admin/routes", "sandbox-admin").statusCode()).isEqualTo(200);
        assertThat(HubTestSupport.get("/api/v1/audit/verify", "sandbox-auditor").statusCode()).isEqualTo(200);
        assertThat(HubTestSupport.get("/api/v1/admin/routes", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAdminLandsOnTheOverviewWithEveryPartnerAndNoIdentityCode() throws IOException {
        String messageId = HubTestSupport.acceptReferral(PORT, "console-");
        HubTestSupport.awaitDelivered(PORT, messageId);

        Browser admin = new Browser();
        HttpResponse<String> signedIn = admin.signIn("admin", "sandbox");
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/console/"));
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KETJU_CONSOLE_SESSION="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Secure", "Path=/console");
        // The session is a row of the shared database, so every hub instance knows the signed-in browser.
        assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'admin'").query(Integer.class).single())
                .isPositive();

        assertThat(admin.get("/console").headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/console/"));
        HttpResponse<String> overview = admin.get("/console/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertSecurityHeaders(overview);
        assertThat(overview.body()).contains("<h1>Overview</h1>", "id=\"sign-out\"", "Signed in as", "admin",
                "hx-get=\"/console/overview/figures\"", "hx-trigger=\"every 10s\"", "href=\"/console/\"")
                .doesNotContain("href=\"/console/audit/verify\"");
        for (String partner : List.of("social-care", "health-care", "employment", "kela")) {
            assertThat(overview.body()).contains("data-partner=\"" + partner + "\"");
        }
        HttpResponse<String> figures = admin.get("/console/overview/figures");
        assertThat(figures.statusCode()).isEqualTo(200);
        assertThat(figures.body()).contains("data-partner=\"health-care\"").doesNotContain("<html");
        for (HttpResponse<String> page : List.of(overview, figures)) {
            assertThat(page.body()).doesNotContain(SAMPLE_HETU, messageId);
        }
        // Health care's row: circuit, queue depth, then delivered / failed / dead in the last hour and in the last day.
        String healthCare = figures.body().substring(figures.body().indexOf("data-partner=\"health-care\""));
        List<String> cells = Pattern.compile("<td[^>]*>([^<]*)</td>")
                .matcher(healthCare.substring(0, healthCare.indexOf("</tr>"))).results().map(cell -> cell.group(1)).toList();
        assertThat(Long.parseLong(cells.get(2))).as("delivered in the last hour").isPositive();
        assertThat(Long.parseLong(cells.get(5))).as("the last day includes the last hour")
                .isGreaterThanOrEqualTo(Long.parseLong(cells.get(2)));
    }

    @Test
    void anAuditorLandsOnTheVerificationWhichIsRecordedViaTheConsole() {
        Browser auditor = new Browser();
        HttpResponse<String> signedIn = auditor.signIn("auditor", "sandbox");
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/console/audit/verify"));
        HttpResponse<String> verify = auditor.get("/console/audit/verify");
        assertThat(verify.statusCode()).isEqualTo(200);
        assertSecurityHeaders(verify);
        assertThat(verify.body()).contains("<h1>Audit trail</h1>", "The trail is intact.", "id=\"sign-out\"")
                .doesNotContain("href=\"/console/\"");
        HttpResponse<String> recorded = HubTestSupport.get("/api/v1/audit/events?eventType=AUDIT_VERIFY", "sandbox-auditor");
        assertThat(recorded.body()).contains("via: console", "ketju-console");
    }

    @Test
    void aWrongPasswordShowsTheFormAgainWithAnAlert() {
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.signIn("admin", "not-the-password");
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?error"));
        HttpResponse<String> again = browser.get("/console/login?error");
        assertThat(again.body()).contains("role=\"alert\"", "name=\"username\"");
    }

    @Test
    void eachRoleIsRefusedTheOthersPages() {
        Browser admin = new Browser();
        admin.signIn("admin", "sandbox");
        HttpResponse<String> auditPage = admin.get("/console/audit/verify");
        assertThat(auditPage.statusCode()).isEqualTo(403);
        assertThat(auditPage.body()).contains("<h1>Not allowed</h1>", "id=\"sign-out\"").doesNotContain("Audit trail</h1>");
        assertSecurityHeaders(auditPage);

        Browser auditor = new Browser();
        auditor.signIn("auditor", "sandbox");
        assertThat(auditor.get("/console/").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/console/overview/figures").statusCode()).isEqualTo(403);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        Browser admin = new Browser();
        admin.signIn("admin", "sandbox");
        assertThat(admin.post("/console/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.get("/console/").statusCode()).isEqualTo(200);
        assertThat(new Browser().post("/console/login", Map.of("username", "admin", "password", "sandbox")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void signingOutEndsTheSession() {
        Browser admin = new Browser();
        admin.signIn("admin", "sandbox");
        HttpResponse<String> overview = admin.get("/console/");
        HttpResponse<String> signedOut = admin.post("/console/logout", Map.of("_csrf", csrf(overview.body())));
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/console/login?signed-out"));
        assertThat(admin.get("/console/").statusCode()).isEqualTo(302);
    }

    @Test
    void theEndOfAnOpenIdConnectSignInSendsTheBrowserOnAsANavigation() {
        Browser admin = new Browser();
        admin.signIn("admin", "sandbox");
        HttpResponse<String> signedIn = admin.get("/console/signed-in");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body()).contains("<meta http-equiv=\"refresh\" content=\"0;url=/console/\">");
        assertSecurityHeaders(signedIn);
    }

    @Test
    void aRefreshWithoutAPageViewWithinTheIdleTimeoutEndsTheSession() {
        Browser admin = new Browser();
        admin.signIn("admin", "sandbox");
        // No page opened since signing in (as if the page had been left alone for 15 minutes): the poll does not keep
        // the session alive but sends htmx to the sign-in page.
        HttpResponse<String> refresh = admin.get("/console/overview/figures");
        assertThat(refresh.statusCode()).isEqualTo(204);
        assertThat(refresh.headers().firstValue("HX-Redirect")).hasValue("/console/login");
        assertThat(admin.get("/console/").statusCode()).isEqualTo(302);
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    private static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        assertThat(token.find()).as("a CSRF field in the page").isTrue();
        return token.group(1);
    }

    /**
     * One browser's session. The cookie is kept by hand: Java's CookieManager withholds a Secure cookie from http://,
     * which a browser sends to localhost.
     */
    private static final class Browser {

        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        private String session;

        HttpResponse<String> signIn(String user, String password) {
            String token = csrf(get("/console/login").body());
            HttpResponse<String> answer = post("/console/login", Map.of("username", user, "password", password, "_csrf", token));
            assertThat(answer.statusCode()).isEqualTo(302);
            return answer;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = new LinkedHashMap<>(form).entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(BASE + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            if (session != null) {
                request.header("Cookie", session);
            }
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("KETJU_CONSOLE_SESSION="))
                        .findFirst().ifPresent(c -> session = c.substring(0, c.indexOf(';')));
                return response;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
