package io.ledger.api.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (both installed by {@code .ci/run}
 * when missing; on a machine without them the browser tests are skipped, outside CI only). The flags are those a
 * closed network needs: no background connections, no component updates.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LEDGER_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LEDGER_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final WebDriver driver;
    private final Path profile;
    private final String base;

    Browser(int port) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("CI") == null) {
            Assumptions.abort("no Chromium at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install Debian's chromium and chromium-driver (.ci/run does) to run the browser tests");
        }
        try {
            profile = Files.createTempDirectory("ledger-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        base = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** The path once a navigation started by a click has arrived where expected (a click does not wait for it). */
    String awaitPath(java.util.function.Predicate<String> arrived) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> arrived.test(path()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page did not arrive; it is at " + path(), e);
        }
        return path();
    }

    /** Waits until the element reads this text (the page after a form's post replaces the one before it). */
    void awaitText(String css, String text) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(ExpectedConditions.textToBe(By.cssSelector(css), text));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(css + " never read " + text + "; it reads " + all(css).stream()
                    .map(WebElement::getText).toList() + " at " + path(), e);
        }
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** What a form field holds now. */
    String value(String css) {
        return find(css).getDomProperty("value");
    }

    void click(String css) {
        find(css).click();
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void clickLink(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.elementToBeClickable(By.linkText(text))).click();
    }

    String title() {
        return driver.getTitle();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs a script that answers through its callback (the last argument), as a fetch does. */
    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Saves the page as it looks now under target/console-screenshots. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core (from its WebJar) in the page against WCAG 2 A and AA, and fails with what it found: labels,
     * contrast, landmarks, names of controls.
     */
    @SuppressWarnings("unchecked")
    void assertAccessible(String page) {
        script(AXE);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));""");
        assertEquals(List.of(), result, page + " has accessibility violations");
    }

    private static final String AXE = read("META-INF/resources/webjars/axe-core/4.6.3/axe.min.js");

    private static String read(String resource) {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> cookies() {
        return driver.manage().getCookies().stream().collect(java.util.stream.Collectors.toMap(
                org.openqa.selenium.Cookie::getName, c -> c.isHttpOnly() + "/" + c.getSameSite() + "/" + c.getPath()));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
