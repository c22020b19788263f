package fi.ketju.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser-test tools on their own, without the hub: Debian's headless Chromium starts, axe-core runs on a page
 * whose Content-Security-Policy is as strict as the console's (no inline script), and a failure's screenshot and
 * page source are saved. The pages come from a JDK HttpServer on the loopback address.
 */
class BrowserSupportTest {

    /** As strict as the console's: scripts from the page's own origin only, so no inline script runs. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** The inline script is the probe: it would retitle the page if the CSP let it run. */
    private static final String ACCESSIBLE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Strict page</title></head>
            <body><main><h1>Strict page</h1>
            <form method="post" action="/"><label for="name">Name</label><input id="name" name="name">
            <button type="submit">Send</button></form>
            <script>document.title = 'inline script ran';</script>
            </main></body></html>
            """;

    /** A text field with no label: axe-core's rule "label", impact critical. */
    private static final String UNLABELLED = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Unlabelled</title></head>
            <body><main><h1>Unlabelled</h1><input type="text" name="name"></main></body></html>
            """;

    @RegisterExtension
    static final Browser browser = new Browser();

    private static HttpServer server;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestURI().getPath().equals("/unlabelled") ? UNLABELLED : ACCESSIBLE)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void axeRunsOnAPageWhoseCspForbidsInlineScript() {
        browser.driver().get(url("/"));

        assertThat(browser.driver().getTitle()).as("the CSP is in force: the inline script did not run").isEqualTo("Strict page");
        assertThat(Axe.seriousViolations(browser.driver())).isEmpty();
    }

    @Test
    void axeReportsACriticalViolation() {
        browser.driver().get(url("/unlabelled"));

        assertThat(Axe.seriousViolations(browser.driver())).singleElement().asString().startsWith("label (critical)");
    }

    @Test
    void savesTheScreenshotAndThePageSource() throws IOException {
        browser.driver().get(url("/"));

        List<Path> saved = browser.save("BrowserSupportTest.savesTheScreenshotAndThePageSource");
        try {
            assertThat(Files.readAllBytes(saved.get(0))).startsWith(0x89, 'P', 'N', 'G');
            assertThat(saved.get(1)).content().contains("<h1>Strict page</h1>");
        } finally {
            for (Path path : saved) {
                Files.delete(path);
            }
        }
    }
}
