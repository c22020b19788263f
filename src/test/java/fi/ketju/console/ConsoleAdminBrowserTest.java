package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import fi.ketju.CanonicalSamples;
import fi.ketju.HubTestSupport;
import fi.ketju.ScriptedPartner;
import fi.ketju.ScriptedPartnerTest;
import fi.ketju.message.DeliveryStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages' journeys in headless Chromium against the shared test hub (issue 16): after a recipient refused a
 * message quoting the identity code, no admin page shows it; a route validated, its diff read, deployed, found in the
 * history and rolled back; a bulk replay whose preview counts exactly what it then
 * replays; and axe-core finding no serious or critical violation on the admin pages.
 */
class ConsoleAdminBrowserTest extends ScriptedPartnerTest {

    private static final String PARTNER = "scripted";
    private static final String ROUTE = "employment-delivery";
    private static final String MAPPING = "employment/referral-from-canonical.jslt";
    private static final String SAMPLE_HETU = "010181-900C";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final Browser browser = new Browser();

    @Override
    protected List<String> scriptedPartners() {
        return List.of(PARTNER);
    }

    @Test
    void aRouteIsValidatedItsDiffReadDeployedFoundInTheHistoryAndRolledBack() {
        signInAsAdmin();
        open("/console/routes/" + ROUTE);
        int before = Integer.parseInt(text("version-in-force"));
        // No digits: the console shows six digits, a separator and three more (part of a random UUID, now and then) as
        // an identity code it must not display, and the line would not read back as typed.
        String marker = "# browser journey " + UUID.randomUUID().toString().replaceAll("[0-9]", "");

        driver().findElement(By.id("content")).sendKeys(marker + "\n");
        driver().findElement(By.id("validate")).click();
        waitForHeading("Route " + ROUTE + ": validation");
        assertThat(text("validation-result")).startsWith("Valid");
        assertThat(driver().findElements(By.cssSelector("pre.diff .added")))
                .anySatisfy(line -> assertThat(line.getText()).isEqualTo("+" + marker));

        driver().findElement(By.id("deploy-reason")).sendKeys("browser journey");
        driver().findElement(By.id("deploy")).click();
        waitForHeading("Route " + ROUTE);
        assertThat(text("version-in-force")).isEqualTo(String.valueOf(before + 1));
        WebElement latest = driver().findElement(By.cssSelector("details[data-version='" + (before + 1) + "']"));
        assertThat(latest.getText()).contains("browser journey", "+" + marker);

        new Select(driver().findElement(By.id("rollback-version"))).selectByValue(String.valueOf(before));
        driver().findElement(By.id("rollback-reason")).sendKeys("journey done");
        driver().findElement(By.id("rollback")).click();
        new WebDriverWait(driver(), WAIT).ignoring(WebDriverException.class)
                .until(page -> text("version-in-force").equals(String.valueOf(before + 2)));
        assertThat(driver().findElement(By.cssSelector("[role=status]")).getText()).contains("in force again");
        assertThat(driver().findElement(By.cssSelector("details[data-version='" + (before + 2) + "']")).getText())
                .contains("rollback to version " + before, "-" + marker);
    }

    @Test
    void afterARecipientRefusedAMessageQuotingTheIdentityCodeNoAdminPageShowsIt() throws Exception {
        partner.answerWith(ScriptedPartner.Answer.fhirRefusalQuoting(SAMPLE_HETU));
        UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
        deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
        signInAsAdmin();

        for (String page : List.of("/console/", "/console/messages", "/console/messages/" + id, "/console/dead-letters",
                "/console/dead-letters/" + PARTNER + "/" + id, "/console/routes", "/console/routes/" + ROUTE,
                "/console/mappings", "/console/mappings/mapping?id=" + MAPPING)) {
            open(page);
            assertThat(driver().getPageSource()).as(page).doesNotContain(SAMPLE_HETU, "010181", "No patient");
        }
        // The mapping's dry run over the samples, whose outputs carry the sample's (synthetic) code.
        driver().findElement(By.id("validate")).click();
        waitForHeading("Mapping " + MAPPING + ": validation");
        assertThat(driver().getPageSource()).as("mapping validation").doesNotContain(SAMPLE_HETU, "010181");
    }

    @Test
    void aBulkReplayReplaysAsManyMessagesAsItsPreviewCounted() throws Exception {
        partner.answer(410, 410);
        List<UUID> dead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            UUID id = deliveries.send(CanonicalSamples.referral(mappings, json), PARTNER);
            deliveries.awaitDelivery(id, DeliveryStatus.DEAD);
            dead.add(id);
        }
        signInAsAdmin();
        open("/console/dead-letters");
        new Select(driver().findElement(By.id("recipient"))).selectByValue(PARTNER);
        driver().findElement(By.id("reasonContains")).sendKeys("HTTP 410");
        driver().findElement(By.id("bulk-replay")).click();
        waitForHeading("Bulk replay: what it would take");

        int previewed = Integer.parseInt(text("match-count"));
        List<WebElement> rows = driver().findElements(By.cssSelector("table.dead-letters tbody tr"));
        assertThat(rows).hasSize(previewed);
        assertThat(rows.stream().map(row -> row.getAttribute("data-message")).toList())
                .containsAll(dead.stream().map(UUID::toString).toList());
        assertThat(driver().findElement(By.cssSelector("tr[data-message='" + dead.get(0) + "'] a")).getAttribute("href"))
                .endsWith("/console/messages/" + dead.get(0));
        partner.answer();

        driver().findElement(By.id("reason")).sendKeys("partner is back");
        driver().findElement(By.id("confirm-replay")).click();
        waitForHeading("Bulk replay done");
        assertThat(Integer.parseInt(text("replayed-count"))).isEqualTo(previewed);
        for (UUID id : dead) {
            deliveries.awaitDelivery(id, DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void theAdminPagesHaveNoSeriousAccessibilityViolation() throws IOException {
        String messageId = HubTestSupport.acceptReferral(HubTestSupport.PORT, "console-axe-");
        signInAsAdmin();
        List<String> violations = new ArrayList<>();
        // One page of each kind (axe takes about two seconds a page): a search with its results, a message, a list with
        // filters, an object with its forms and history, and below a validation with its diff. The rest share their parts.
        for (String page : List.of("/console/messages", "/console/messages/" + messageId, "/console/dead-letters",
                "/console/routes/" + ROUTE)) {
            open(page);
            Axe.seriousViolations(driver()).forEach(violation -> violations.add(page + ": " + violation));
        }
        open("/console/routes/" + ROUTE);
        driver().findElement(By.id("validate")).click();
        waitForHeading("Route " + ROUTE + ": validation");
        Axe.seriousViolations(driver()).forEach(violation -> violations.add("route validation: " + violation));
        assertThat(violations).isEmpty();
    }

    private static WebDriver driver() {
        return browser.driver();
    }

    private static void open(String path) {
        driver().get(BASE + path);
    }

    private static void signInAsAdmin() {
        open("/console/login");
        driver().findElement(By.name("username")).sendKeys("admin");
        driver().findElement(By.name("password")).sendKeys("sandbox");
        driver().findElement(By.xpath("//button[@type='submit'][normalize-space()='Sign in']")).click();
        new WebDriverWait(driver(), WAIT).until(page -> URI.create(page.getCurrentUrl()).getPath().equals("/console/"));
    }

    private static void waitForHeading(String heading) {
        // The page before may still be there, and go while its heading is read: then look again. Chromium reports that
        // as a stale element or, when the node goes between its lookup and its reading, as an inspector error.
        new WebDriverWait(driver(), WAIT).withMessage(() -> "expected the page " + heading + ", at " + driver().getCurrentUrl())
                .ignoring(WebDriverException.class)
                .until(page -> page.findElements(By.tagName("h1")).stream().anyMatch(h1 -> h1.getText().equals(heading)));
    }

    private static String text(String id) {
        return driver().findElement(By.id(id)).getText();
    }
}
