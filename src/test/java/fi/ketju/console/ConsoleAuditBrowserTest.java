package fi.ketju.console;

import static fi.ketju.HubTestSupport.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.ketju.HubIntegrationTest;
import fi.ketju.HubTestSupport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The auditor's journeys (issue 16) in headless Chromium against the shared test hub: a search by person whose
 * identity code never reaches the address bar, a body that opens only with a reason which its audit event records, and
 * axe-core's check of the auditor's pages as they look in use.
 */
class ConsoleAuditBrowserTest extends HubIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Browser browser = new Browser();

    /** One delivered referral about a client of this class's own, sent by the first journey that needs it. */
    private static DeliveredReferral delivered;

    @Test
    void anAuditorSearchesByPersonAndNoAddressHoldsTheCode() {
        DeliveredReferral referral = delivered();
        List<String> addresses = new ArrayList<>();
        signInAsAuditor();
        driver().findElement(By.linkText("Audit search")).click();
        waitFor(By.id("person"));
        addresses.add(driver().getCurrentUrl());
        driver().findElement(By.id("limit")).sendKeys("2");

        searchFor(referral.hetu());

        addresses.add(driver().getCurrentUrl());
        assertThat(driver().findElement(By.id("events")).getText()).contains(referral.hetu());
        List<Long> newest = eventIds();
        // The next page is a POST too: the code goes along in the form, never in the address.
        WebElement newestPage = driver().findElement(By.id("events"));
        driver().findElement(By.id("older")).click();
        waitUntilReplaced(newestPage);
        assertThat(waitFor(By.id("events")).getText()).contains(referral.hetu());
        assertThat(newest).hasSize(2);
        assertThat(eventIds()).isNotEmpty().allMatch(id -> id < newest.get(1));
        addresses.add(driver().getCurrentUrl());
        driver().navigate().back();
        addresses.add(driver().getCurrentUrl());
        assertThat(addresses).allSatisfy(address -> assertThat(URI.create(address).getPath()).isEqualTo("/console/audit"))
                .noneMatch(address -> address.contains(referral.hetu()));
    }

    @Test
    void aBodyOpensOnlyWithAReasonAndItsAuditEventRecordsTheReason() {
        DeliveredReferral referral = delivered();
        signInAsAuditor();
        open("/console/audit/messages/" + referral.messageId() + "/body");
        assertThat(driver().findElement(By.id("logged")).getText()).contains("logged");

        new Select(driver().findElement(By.id("purpose"))).selectByValue("CLIENT_REQUEST");
        driver().findElement(By.id("reason")).sendKeys("   ");
        driver().findElement(By.id("open")).click();
        assertThat(waitFor(By.id("view-error")).getText()).contains("reason");
        assertThat(driver().findElements(By.id("body"))).isEmpty();

        // Words only: a random id may be shaped like an identity code (six digits, a letter A-F, three digits, one
        // more), which a reason may not hold.
        String reason = "Client asked who saw the referral, case Alpha";
        driver().findElement(By.id("reason")).sendKeys(reason);
        driver().findElement(By.id("open")).click();

        assertThat(waitFor(By.id("body")).getText()).contains("Asiakas");
        JsonNode view = auditViews(referral.messageId()).get(0);
        assertThat(view.path("detail").asText()).isEqualTo("message body; reason: " + reason + "; via: console");
        assertThat(view.path("requesterUser").asText()).isEqualTo("auditor");
    }

    @Test
    void theAuditorsPagesInUseAreAccessible() {
        DeliveredReferral referral = delivered();
        signInAsAuditor();
        List<String> violations = new ArrayList<>();

        open("/console/audit");
        searchFor(referral.hetu());
        violations.addAll(Axe.seriousViolations(driver()));

        open("/console/audit/disclosures");
        driver().findElement(By.id("person")).sendKeys(referral.hetu());
        driver().findElement(By.id("produce")).click();
        waitFor(By.id("disclosures"));
        violations.addAll(Axe.seriousViolations(driver()));

        open("/console/audit/messages/" + referral.messageId() + "/failures");
        violations.addAll(Axe.seriousViolations(driver()));

        assertThat(violations).isEmpty();
    }

    private static void searchFor(String hetu) {
        driver().findElement(By.id("person")).sendKeys(hetu);
        // An identity code's events go back further than the last day, which the form opens on.
        ((JavascriptExecutor) driver()).executeScript("arguments[0].value = ''", driver().findElement(By.id("from")));
        WebElement before = driver().findElement(By.tagName("h1"));
        driver().findElement(By.id("search")).click();
        waitUntilReplaced(before);
        waitFor(By.id("events"));
    }

    /** The ids of the events the search page lists, in its order. */
    private static List<Long> eventIds() {
        return driver().findElements(By.cssSelector("#events tbody tr")).stream()
                .map(row -> Long.parseLong(row.getAttribute("data-event"))).toList();
    }

    private static void signInAsAuditor() {
        open("/console/login");
        driver().findElement(By.name("username")).sendKeys("auditor");
        driver().findElement(By.name("password")).sendKeys("sandbox");
        driver().findElement(By.xpath("//button[@type='submit'][normalize-space()='Sign in']")).click();
        waitFor(By.id("sign-out"));
    }

    /**
     * Waits for the page that held {@code element} to be replaced by the next. While the old page goes, Chromium may
     * answer a question about its element with an inspector error ("Node with given id does not belong to the
     * document") instead of calling the element stale; either means the element is gone.
     */
    private static void waitUntilReplaced(WebElement element) {
        new WebDriverWait(driver(), WAIT).until(page -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException answer) {
                if (String.valueOf(answer.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw answer;
            }
        });
    }

    private static WebElement waitFor(By element) {
        return new WebDriverWait(driver(), WAIT).until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    private static void open(String path) {
        driver().get(BASE + path);
    }

    private static WebDriver driver() {
        return browser.driver();
    }

    /** The audit API's view events of the message, newest first. */
    private static JsonNode auditViews(String messageId) {
        try {
            return JSON.readTree(HubTestSupport.get("/api/v1/audit/events?eventType=AUDIT_VIEW&messageId=" + messageId,
                    "sandbox-auditor").body()).path("events");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static synchronized DeliveredReferral delivered() {
        if (delivered == null) {
            delivered = DeliveredReferral.send();
        }
        return delivered;
    }
}
