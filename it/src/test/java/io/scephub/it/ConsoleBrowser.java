package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.sandbox.OktaOidcProvider;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium through chromium-driver) on a console at {@code console}, signing in at the sandbox
 * Okta {@code okta}; keeps every page's source and cookie for the canary checks and, with
 * {@code -Dscephub.console.screenshots=DIR}, each kept page's screenshot.
 */
final class ConsoleBrowser implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final WebDriver driver;
    final String console;
    final String okta;
    final List<String> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<String> cookieValues = new ConcurrentLinkedQueue<>();
    private final Path profile;

    ConsoleBrowser(String console, String okta) throws java.io.IOException {
        this.console = console;
        this.okta = okta;
        this.profile = Files.createTempDirectory("scephub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void get(String path) {
        driver.get(console + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    void signIn(OktaOidcProvider.DemoUser user) {
        signIn(driver, console, okta, user, () -> { });
        driver.manage().getCookies().forEach(c -> cookieValues.add(c.getName() + "=" + c.getValue()));
    }

    /**
     * The one sign-in: from the console's front page to the sandbox Okta's sign-in page ({@code atOkta} runs there), the
     * user's login and password, back at the console.
     */
    static void signIn(WebDriver driver, String console, String okta, OktaOidcProvider.DemoUser user, Runnable atOkta) {
        driver.manage().deleteAllCookies();
        driver.get(console + "/");
        assertThat(driver.getCurrentUrl()).startsWith(okta + "/oauth2/v1/authorize");
        atOkta.run();
        driver.findElement(By.id("okta-signin-username")).sendKeys(user.login());
        driver.findElement(By.id("okta-signin-password")).sendKeys(user.password());
        driver.findElement(By.id("okta-signin-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(console));
    }

    /** Waits (bounded) until {@code arrived}; the caller then asserts what it expected, so a timeout reports the real state. */
    void await(BooleanSupplier arrived) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100)).until(d -> arrived.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            // fall through to the caller's assertion
        }
    }

    /** Waits for the run page's status badge to read {@code status}; any other end state fails at once. */
    void awaitRunStatus(String status) {
        awaitRunStatus(driver, status);
    }

    /**
     * The run page reloads itself every 2 s while the run is queued or running: an element may go stale between look-up
     * and read, which chromedriver reports as a stale element or, mid-navigation, as a generic "Node with given id does
     * not belong to the document" WebDriverException; both mean "look again". A wrong status still fails at once (an
     * AssertionError is not ignored).
     */
    static void awaitRunStatus(WebDriver driver, String status) {
        new WebDriverWait(driver, Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(500))
                .ignoring(org.openqa.selenium.WebDriverException.class).until(d -> {
            List<WebElement> badge = d.findElements(By.id("run-status"));
            if (badge.isEmpty()) {
                return false;
            }
            String text = badge.get(0).getText();
            assertThat(text).as("the run ended otherwise:\n" + d.getPageSource()).isIn("queued", "running", status);
            return text.equals(status);
        });
    }

    /** Keeps the page and its cookies for the canary check. */
    void record() {
        pages.add(driver.getPageSource());
        driver.manage().getCookies().forEach(c -> cookieValues.add(c.getName() + "=" + c.getValue()));
    }

    /** Keeps the page for the canary check and, when asked for, its screenshot as {@code name}.png. */
    void keep(String name) {
        record();
        String target = System.getProperty("scephub.console.screenshots");
        if (target != null && !target.isBlank()) {
            try {
                Path out = Path.of(target);
                Files.createDirectories(out);
                byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
                Files.write(out.resolve(name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + ".png"), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    String sessionCookie() {
        return driver.manage().getCookieNamed("scephub-session").getValue();
    }

    String csrf() {
        Matcher m = CSRF.matcher(driver.getPageSource());
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }

    /** The browser itself posting a form the page does not offer. */
    void submitForm(String action, String form) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
                for (const pair of arguments[1].split('&')) { const [k, v] = pair.split('=');
                  const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = decodeURIComponent(v); f.appendChild(i); }
                document.body.appendChild(f); f.submit();""", action, form);
    }

    /** A POST outside the browser with {@code session} as the session cookie (null: none); the answer is kept for the canary check. */
    HttpResponse<String> post(String path, String session, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", "scephub-session=" + session);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        pages.add(response.body());
        return response;
    }

    /** A GET outside the browser; the answer is kept for the canary check. */
    HttpResponse<String> fetch(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path));
        if (session != null) {
            request.header("Cookie", "scephub-session=" + session);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        pages.add(response.body());
        return response;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
