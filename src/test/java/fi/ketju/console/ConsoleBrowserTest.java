package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import fi.ketju.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's journeys (issue 16) in headless Chromium against the shared test hub: each role signs in and out, a
 * wrong password is told, each role gets 403 on the other's pages, and axe-core finds no serious or critical
 * accessibility violation on the login page, the overview and the audit verify page.
 * <p>
 * Selenium cannot read a status code, so a refused page is recognised by what it shows: the visible text "403"
 * inside the console's layout (its sign-out button).
 */
class ConsoleBrowserTest extends HubIntegrationTest {

    private static final String PASSWORD = "sandbox";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final Browser browser = new Browser();

    @Test
    void adminSignsInOnTheOverviewAndSignsOut() {
        signIn("admin");

        waitForPage("/console/");
        assertThat(h1()).isEqualTo("Overview");
        signOut();
    }

    @Test
    void auditorSignsInOnTheAuditTrailAndSignsOut() {
        signIn("auditor");

        waitForPage("/console/audit/verify");
        assertThat(h1()).isEqualTo("Audit trail");
        signOut();
    }

    @Test
    void aWrongPasswordIsToldAndSignsNobodyIn() {
        open("/console/login");
        submitSignIn("admin", "not-" + PASSWORD);

        new WebDriverWait(driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(URI.create(driver().getCurrentUrl()).getPath()).isEqualTo("/console/login");
        assertThat(driver().findElements(By.id("sign-out"))).isEmpty();
    }

    @Test
    void anAdminIsRefusedTheAuditPages() {
        signIn("admin");
        waitForPage("/console/");

        open("/console/audit/verify");

        assertRefused();
    }

    @Test
    void anAuditorIsRefusedTheAdminPages() {
        signIn("auditor");
        waitForPage("/console/audit/verify");

        open("/console/");

        assertRefused();
    }

    @Test
    void theLoginPageIsAccessible() {
        open("/console/login");

        assertThat(Axe.seriousViolations(driver())).isEmpty();
    }

    @Test
    void theOverviewIsAccessible() {
        signIn("admin");
        waitForPage("/console/");

        assertThat(Axe.seriousViolations(driver())).isEmpty();
    }

    @Test
    void theAuditVerifyPageIsAccessible() {
        signIn("auditor");
        waitForPage("/console/audit/verify");

        assertThat(Axe.seriousViolations(driver())).isEmpty();
    }

    private static WebDriver driver() {
        return browser.driver();
    }

    private static void open(String path) {
        driver().get(BASE + path);
    }

    private static void signIn(String user) {
        open("/console/login");
        submitSignIn(user, PASSWORD);
    }

    private static void submitSignIn(String user, String password) {
        driver().findElement(By.name("username")).sendKeys(user);
        driver().findElement(By.name("password")).sendKeys(password);
        driver().findElement(By.xpath("//button[@type='submit'][normalize-space()='Sign in']")).click();
    }

    private static void signOut() {
        driver().findElement(By.id("sign-out")).click();
        waitForPage("/console/login?signed-out");
    }

    /** Waits until the browser shows this path (and query) of the hub, wherever redirects took it. */
    private static void waitForPage(String pathAndQuery) {
        new WebDriverWait(driver(), WAIT).withMessage(() -> "expected " + pathAndQuery + ", at " + driver().getCurrentUrl())
                .until(browser -> {
                    URI at = URI.create(browser.getCurrentUrl());
                    return (at.getRawPath() + (at.getRawQuery() == null ? "" : "?" + at.getRawQuery())).equals(pathAndQuery);
                });
    }

    private static String h1() {
        return driver().findElement(By.tagName("h1")).getText();
    }

    /** The console's refusal page: "403" in its visible text, in the console's layout (so still a way to sign out). */
    private static void assertRefused() {
        assertThat(driver().findElement(By.tagName("body")).getText()).contains("403");
        assertThat(driver().findElements(By.id("sign-out"))).as("the refusal is a page in the console's layout").hasSize(1);
    }
}
