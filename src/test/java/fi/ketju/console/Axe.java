package fi.ketju.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core's accessibility check of the page open in a browser. axe.min.js (axe-core 4.14.1, MPL-2.0, from the npm
 * registry; its licence header kept) is a test resource beside this class: nothing is fetched at test time. It is
 * injected by WebDriver rather than by a script tag, which is not subject to the page's Content-Security-Policy in
 * Chromium, so it also runs on the console's pages that allow no inline script (BrowserSupportTest shows it).
 */
final class Axe {

    private static final String SOURCE = load();

    /** Finds axe's violations of the impacts in arguments[0] and gives each as "rule (impact): help: targets". */
    private static final String RUN = """
            const impacts = arguments[0];
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']}).then(
                results => done({violations: results.violations
                    .filter(v => impacts.includes(v.impact))
                    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ': '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))}),
                error => done({error: String(error)}));
            """;

    private Axe() {
    }

    /** The serious and critical violations on the page open now; an empty list when there is none. */
    static List<String> seriousViolations(WebDriver driver) {
        return violations(driver, List.of("serious", "critical"));
    }

    /** Every violation on the page open now, of any impact (minor and moderate too). */
    static List<String> allViolations(WebDriver driver) {
        return violations(driver, List.of("minor", "moderate", "serious", "critical"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> violations(WebDriver driver, List<String> impacts) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(SOURCE);
        Map<String, Object> outcome = (Map<String, Object>) js.executeAsyncScript(RUN, impacts);
        if (outcome.containsKey("error")) {
            throw new IllegalStateException("axe-core failed on " + driver.getCurrentUrl() + ": " + outcome.get("error"));
        }
        return (List<String>) outcome.get("violations");
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is missing beside " + Axe.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
