package fi.ketju.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium per test class, for {@code @RegisterExtension static final Browser browser = new Browser();}.
 * The browser and its driver are Debian's {@code chromium} and {@code chromium-driver} (.ci/run installs them): both
 * are given to Selenium by path, so Selenium Manager is never asked to find or download either. Each test starts
 * with no cookies (signed out); a failed test leaves a screenshot and the page source in target/browser-failures/.
 */
final class Browser implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback, AfterAllCallback {

    static final Path FAILURES = Path.of("target", "browser-failures");

    private static final Logger log = LoggerFactory.getLogger(Browser.class);

    private ChromeDriver driver;

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("chromedriver", "/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "/usr/bin/chromium"));
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; /dev/shm is small in containers.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        long started = System.nanoTime();
        driver = new ChromeDriver(service, options);
        // The start-up cost per test class, in the test log: the figure to watch as browser tests are added.
        log.info("Headless Chromium {} and its driver started in {} ms", driver.getCapabilities().getBrowserVersion(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        // axe-core takes a second or two on a large page; the default 30 s page load stays.
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Cookies of every site, whatever page is open: each journey signs in from scratch.
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        // Before any @AfterEach, while the page still shows what went wrong.
        if (context.getExecutionException().isPresent()) {
            save(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Saves the screenshot and the page source as target/browser-failures/{name}.png and .html; returns both. */
    List<Path> save(String name) throws IOException {
        Files.createDirectories(FAILURES);
        Path png = FAILURES.resolve(name + ".png");
        Path html = FAILURES.resolve(name + ".html");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        Files.writeString(html, driver.getPageSource(), StandardCharsets.UTF_8);
        return List.of(png, html);
    }

    /** The program on the PATH, else at Debian's path; a clear failure when neither is there. */
    private static File executable(String name, String debianPath) {
        Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
        Path path = onPath.orElse(Path.of(debianPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(name + " is neither on the PATH nor at " + debianPath
                    + ": install Debian's chromium and chromium-driver (.ci/run does)");
        }
        return path.toFile();
    }
}
