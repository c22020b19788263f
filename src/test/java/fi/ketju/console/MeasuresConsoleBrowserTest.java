package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The measures page (/console/measures) in headless Chromium: an analyst goes through every measure and sees each of
 * its groups as a chart with its figures in a table, with no axe-core violation of any impact; an auditor and an admin
 * see the page; nobody signed in, and a partner's API token, does not. One browser for the class, one journey.
 */
class MeasuresConsoleBrowserTest extends HubIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MONTHS = 3;

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void anAnalystSeesEveryMeasuresChartsAndTablesAndAuditorsAndAdminsSeeThePageButNobodyElse() throws Exception {
        HubTestSupport.acceptReferral(HubTestSupport.PORT, "MEASURE-BROWSER-");
        open("/console/measures");
        waitForPath("/console/login");
        assertThat(driver().findElements(By.xpath("//h1[normalize-space()='Measures']"))).isEmpty();
        // The API's tokens open no console page (the console has its own sign-in), a partner's no more than any.
        HttpResponse<String> partner = HubTestSupport.get("/console/measures", "sandbox-social-care");
        assertThat(partner.statusCode()).isNotEqualTo(200);
        assertThat(partner.body()).doesNotContain("<h1>Measures</h1>");

        signIn("analyst");
        open("/console/measures?months=" + MONTHS);
        List<String> measures = driver().findElements(By.cssSelector("nav[aria-label=Measures] a")).stream()
                .map(link -> link.getAttribute("href")).toList();
        // The six shipped, and any another test of the shared hub added.
        assertThat(measures).filteredOn(link -> List.of("referrals", "referral-lead-time", "sickness-allowance-checkpoints",
                "assessment-outcomes", "benefit-transitions", "ips-employment").stream()
                .anyMatch(id -> link.contains("measure=" + id + "&"))).hasSize(6);
        List<String> violations = new ArrayList<>();
        for (String measure : measures) {
            open(URI.create(measure).getRawPath() + "?" + URI.create(measure).getRawQuery() + "&months=" + MONTHS);
            List<WebElement> charts = driver().findElements(By.cssSelector("main section"));
            assertThat(charts).as(measure).isNotEmpty();
            for (WebElement chart : charts) {
                String title = chart.findElement(By.tagName("h3")).getText();
                assertThat(chart.findElement(By.cssSelector("svg[role=img]")).getAttribute("aria-label")).as(measure).startsWith(title);
                WebElement table = chart.findElement(By.tagName("table"));
                assertThat(table.findElement(By.tagName("caption")).getText()).isEqualTo(title);
                List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
                assertThat(rows).as(measure + " " + title).hasSize(MONTHS);
                // Each month's figure, or the word that says it is suppressed; a bar for each month shown.
                assertThat(rows).allSatisfy(row -> assertThat(row.findElement(By.tagName("td")).getText())
                        .matches("suppressed|[0-9]+(\\.[0-9]+)?( %)?"));
                long shown = rows.stream().filter(row -> !row.findElement(By.tagName("td")).getText().equals("suppressed")).count();
                assertThat(chart.findElements(By.cssSelector("svg rect"))).hasSize((int) shown);
            }
            violations.addAll(Axe.allViolations(driver()).stream().map(violation -> measure + ": " + violation).toList());
        }
        assertThat(violations).isEmpty();
        signOut();

        for (String user : List.of("auditor", "admin")) {
            signIn(user);
            open("/console/measures?measure=referrals&months=2");
            assertThat(driver().findElement(By.tagName("h1")).getText()).as(user).isEqualTo("Measures");
            assertThat(driver().findElements(By.cssSelector("main section svg[role=img]"))).as(user).isNotEmpty();
            signOut();
        }
    }

    private static void signIn(String user) {
        open("/console/login");
        driver().findElement(By.name("username")).sendKeys(user);
        driver().findElement(By.name("password")).sendKeys("sandbox");
        driver().findElement(By.xpath("//button[@type='submit'][normalize-space()='Sign in']")).click();
        new WebDriverWait(driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    }

    private static void signOut() {
        driver().findElement(By.id("sign-out")).click();
        waitForPath("/console/login");
    }

    private static void waitForPath(String path) {
        new WebDriverWait(driver(), WAIT).withMessage(() -> "expected " + path + ", at " + driver().getCurrentUrl())
                .until(browser -> URI.create(browser.getCurrentUrl()).getRawPath().equals(path));
    }

    private static void open(String path) {
        driver().get(BASE + path);
    }

    private static WebDriver driver() {
        return browser.driver();
    }
}
