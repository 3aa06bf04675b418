package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.demo.DemoWorkspace;
import io.scephub.sandbox.OktaOidcProvider;
import io.scephub.sandbox.Sandbox;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The operator console in a real browser (Debian's chromium through chromium-driver, headless):
 * `scephub serve` with the console, signing in at the sandbox Okta's OIDC endpoints. Pages, cookies
 * and the log are checked for the sandbox's secrets (canaries). With {@code -Dscephub.console.screenshots=DIR}
 * each page's screenshot is also written to DIR (docs/console in the README).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SandboxExtension.class)
class ConsoleBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String API_TOKEN = "it-console-api-token-canary-7f3d";
    /** Sent as a delegated challenge through the REST API: rejected as malformed, and never shown or logged. */
    private static final String CHALLENGE = "challenge-canary-b81e0c.not.a-jws";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    static Sandbox sandbox;
    static String console;
    static ServedHub serving;
    static WebDriver browser;
    static Path profile;
    static final List<String> pages = new ArrayList<>();
    static final ConcurrentLinkedQueue<String> cookieValues = new ConcurrentLinkedQueue<>();
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void startConsoleAndBrowser(Sandbox started) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        context.getLogger("io.scephub").setLevel(Level.DEBUG);

        sandbox = started;
        int port = ServedHub.freePort();
        DemoWorkspace workspace = DemoWorkspace.write(dir.resolve("demo"), sandbox, port);
        String hex = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(API_TOKEN.getBytes(StandardCharsets.UTF_8)));
        String yaml = Files.readString(workspace.config())
                .replace("\nserver:\n", "\nserver:\n  tokens:\n    - name: it\n      sha256: " + hex + "\n")
                // Only the syncs the test queues run: the schedule's next tick is far away.
                + "\nschedule:\n  sync: \"0 0 3 1 1 *\"\n";
        // A renewal policy on every enrollment: each sync then counts its devices by certificate state for the renewals page.
        yaml = yaml.replaceAll("(?m)^( +)ca: okta$", "$1ca: okta\n$1renewal:\n$1  redistributeBeforeExpiry: 30d");
        assertThat(yaml).contains("redistributeBeforeExpiry");
        Files.writeString(workspace.config(), yaml);
        console = "http://127.0.0.1:" + port;
        serving = ServedHub.start(Map.of(), dir, workspace.config(), console, "it-console-serve");

        profile = Files.createTempDirectory("scephub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (serving != null) {
                serving.close();
            }
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
            context.getLogger("io.scephub").setLevel(null);
        }
    }

    @Test
    @Order(1)
    void anAnonymousVisitorIsSentToOktaToSignIn() {
        browser.get(console + "/syncs");

        assertThat(browser.getCurrentUrl()).startsWith(sandbox.oktaBaseUrl() + "/oauth2/v1/authorize?");
        assertThat(browser.getCurrentUrl()).contains("code_challenge_method=S256").contains("client_id=" + OktaOidcProvider.CONSOLE_CLIENT_ID);
        assertThat(browser.findElement(By.id("okta-signin-username")).isDisplayed()).isTrue();
        assertThat(status(console + "/", null)).isEqualTo(302);
    }

    @Test
    @Order(2)
    void someoneInNoConsoleGroupIsRefused() {
        signIn(OktaOidcProvider.OUTSIDER);

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(browser.getPageSource()).contains("not in a console group");
        keep("outsider");
    }

    @Test
    @Order(3)
    void aViewerSeesEveryPageButCannotQueueASyncByAnyMeans() throws Exception {
        HttpResponse<String> verified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "/api/v1/challenges/verify"))
                .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + CHALLENGE + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("rejected");
        signIn(OktaOidcProvider.VIEWER);
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElement(By.className("role")).getText()).isEqualTo("viewer");

        for (String path : List.of("/", "/enrollments/windows-intune", "/syncs", "/renewals", "/challenges", "/audit")) {
            browser.get(console + path);
            assertThat(browser.getCurrentUrl()).isEqualTo(console + path);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank().isNotEqualTo("Error").isNotEqualTo("Not found");
            keep("viewer " + path);
        }
        browser.get(console + "/challenges");
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("rejected: MALFORMED 1");
        browser.get(console + "/renewals");
        assertThat(browser.findElement(By.id("device-states")).getText()).startsWith("Not recorded yet");
        browser.get(console + "/syncs");
        assertThat(browser.findElements(By.id("queue-sync"))).isEmpty();
        assertThat(browser.findElements(By.id("queue-dry-run"))).isEmpty();

        String session = sessionCookie();
        String csrf = csrfOf(browser.getPageSource());
        HttpResponse<String> withoutToken = post("/syncs", session, "mode=sync");
        HttpResponse<String> withViewersToken = post("/syncs", session, "mode=sync&csrf=" + csrf);
        HttpResponse<String> anonymous = post("/syncs", null, "mode=sync");
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withViewersToken.statusCode()).isEqualTo(403);
        assertThat(withViewersToken.body()).contains("Only operators may queue syncs");
        assertThat(anonymous.statusCode()).isEqualTo(403);
        // And the browser itself posting the form the page does not offer:
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                const f = document.createElement('form'); f.method = 'post'; f.action = '/syncs';
                for (const [k, v] of [['mode', 'sync'], ['csrf', arguments[0]]]) {
                  const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }
                document.body.appendChild(f); f.submit();""", csrf);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.tagName("h1")).getText().equals("Forbidden"));

        browser.get(console + "/syncs");
        assertThat(browser.getPageSource()).contains("No sync has run yet");
        signOut();
    }

    @Test
    @Order(4)
    void anOperatorQueuesASyncAndSeesItFinish() {
        signIn(OktaOidcProvider.OPERATOR);
        assertThat(browser.findElement(By.className("role")).getText()).isEqualTo("operator");
        browser.get(console + "/syncs");
        keep("operator /syncs (before)");

        browser.findElement(By.id("queue-sync")).click();

        awaitUrl(url -> url.startsWith(console + "/syncs/"));
        assertThat(browser.getCurrentUrl()).startsWith(console + "/syncs/");
        awaitRunStatus("succeeded");
        assertThat(browser.getPageSource()).contains("intune.scep-profile/windows-intune").contains("applied");
        keep("operator run");

        browser.get(console + "/");
        WebElement row = browser.findElement(By.xpath("//tr[th/a[text()='windows-intune']]"));
        assertThat(row.getText()).contains("in sync");
        assertThat(browser.getPageSource()).contains("4 converged");
        keep("operator overview");

        // The sync counted each enrollment's devices as its MDM reports them (the sandbox's two seeded devices per MDM).
        browser.get(console + "/renewals");
        assertThat(stateCounts("macos-jamf")).containsExactly(1L, 0L, 0L, 1L, 0L, 0L);
        assertThat(stateCounts("windows-ws1")).containsExactly(1L, 0L, 0L, 0L, 1L, 0L);
        assertThat(stateCounts("windows-intune")).containsExactly(0L, 0L, 0L, 0L, 1L, 1L);
        assertThat(stateCounts("macos-intune")).containsExactly(0L, 0L, 0L, 0L, 0L, 2L);
        WebElement jamf = browser.findElement(By.cssSelector("#device-states tr[data-enrollment='macos-jamf']"));
        assertThat(jamf.findElement(By.tagName("time")).getText()).isIn("just now", "1 min ago", "2 min ago");
        assertThat(jamf.findElements(By.cssSelector("svg rect.d-issued"))).hasSize(1);
        assertThat(jamf.findElements(By.cssSelector("svg rect.d-pending"))).hasSize(1);
        assertThat(browser.findElement(By.id("stuck-devices")).getText()).startsWith("None at the last recorded sync");
        keep("operator renewals");
    }

    /** Issued, expiring, expired, pending, failed, other: the renewals page's counts for one enrollment. */
    private static List<Long> stateCounts(String enrollment) {
        WebElement row = browser.findElement(By.cssSelector("#device-states tr[data-enrollment='" + enrollment + "']"));
        return List.of("issued", "expiring", "expired", "pending", "failed", "other").stream()
                .map(state -> Long.parseLong(row.findElement(By.cssSelector("td[data-state='" + state + "']")).getText().trim())).toList();
    }

    @Test
    @Order(5)
    void aDriftIntroducedAtTheVendorShowsAfterTheNextSync() throws Exception {
        String profileId = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/windows-intune]"))
                .findFirst().orElseThrow().path("id").asText();
        TwoTenants.patchScepUrl(sandbox, TwoTenants.WINDOWS_PROFILE, profileId, "https://scep.drifted.example/scep");

        browser.get(console + "/syncs");
        browser.findElement(By.id("queue-dry-run")).click();
        awaitRunStatus("succeeded");

        browser.get(console + "/");
        assertThat(browser.findElement(By.xpath("//tr[th/a[text()='windows-intune']]")).getText()).contains("drifting");
        assertThat(browser.findElement(By.className("attention")).getText()).contains("windows-intune: 1 change pending");
        browser.findElement(By.linkText("windows-intune")).click();
        assertThat(browser.getPageSource()).contains("scepServerUrls").contains("https://scep.drifted.example/scep")
                .contains("intune.scep-profile/windows-intune").contains(profileId);
        keep("drift enrollment");

        browser.get(console + "/syncs");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("enrollment"))).selectByValue("windows-intune");
        browser.findElement(By.id("queue-sync")).click();
        awaitRunStatus("succeeded");
        browser.get(console + "/");
        assertThat(browser.findElement(By.xpath("//tr[th/a[text()='windows-intune']]")).getText()).contains("in sync (drift repaired)");
        keep("repaired overview");
    }

    @Test
    @Order(6)
    void aMacPushedMoreThanMaxRepushTimesWithoutReEnrollingIsListedStuckAfterTheNextSync() throws Exception {
        // The record of pushes says the Jamf Mac was asked to re-enrol three times since its certificate was issued (the default
        // maxRepush is 2) while it still holds that certificate; the next sync's status read marks it stuck and records it.
        Path store = dir.resolve("demo").resolve("data").resolve("scephub").toAbsolutePath();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + store + ";AUTO_SERVER=TRUE", "sa", "");
             java.sql.PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO renewal_pushes (enrollment, device_id, pushed_at) VALUES ('macos-jamf', ?, ?)")) {
            for (int secondsAgo = 3; secondsAgo >= 1; secondsAgo--) {
                // Computer id 1 is the sandbox Jamf's seeded healthy Mac (JamfSimulator.reset()); the page shows its name.
                insert.setString(1, "1");
                insert.setObject(2, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(secondsAgo));
                insert.executeUpdate();
            }
        }
        browser.get(console + "/syncs");
        browser.findElement(By.id("queue-dry-run")).click();
        awaitRunStatus("succeeded");

        browser.get(console + "/renewals");
        WebElement row = browser.findElement(By.cssSelector("#stuck-devices tr[data-device='MAC-HEALTHY-01']"));
        assertThat(row.getText()).contains("macos-jamf").contains("jamf")
                .contains("renewal stuck: pushed 3 times since its certificate was issued without re-enrolling (maxRepush 2)");
        assertThat(browser.findElements(By.cssSelector("#stuck-devices tbody tr"))).hasSize(1);
        assertThat(row.findElement(By.tagName("time")).getText()).isIn("just now", "1 min ago", "2 min ago");
        // The table sits below the fold: bring it into view for the screenshot.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("stuck-devices")).findElement(By.xpath("preceding::h2[1]")));
        keep("operator renewals stuck");
    }

    @Test
    @Order(7)
    void everyPageHasAStrictPolicyAndNoSecretReachesAPageACookieOrTheLog() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "/"))
                .header("Cookie", "scephub-session=" + sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(page.body()).doesNotContain("<script").doesNotContain("style=\"");
        for (Cookie cookie : browser.manage().getCookies()) {
            assertThat(cookie.isHttpOnly()).as(cookie.getName()).isTrue();
            assertThat(cookie.getSameSite()).as(cookie.getName()).isEqualTo("Lax");
        }
        List<String> canaries = List.of(sandbox.oidc().clientSecret(), sandbox.options().oktaApiToken(), sandbox.options().clientSecret(),
                sandbox.options().jamfClientSecret(), sandbox.options().workspaceOne().clientSecret(),
                sandbox.options().workspaceOne().apiKey(), OktaOidcProvider.VIEWER.password(), OktaOidcProvider.OPERATOR.password(),
                API_TOKEN, CHALLENGE);
        List<String> logLines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        for (String canary : canaries) {
            assertThat(pages).allSatisfy(p -> assertThat(p).doesNotContain(canary));
            assertThat(cookieValues).allSatisfy(c -> assertThat(c).doesNotContain(canary));
            assertThat(logLines).allSatisfy(l -> assertThat(l).doesNotContain(canary));
            assertThat(serving.output()).doesNotContain(canary);
        }
        // No token of any kind (ID tokens, access tokens, challenges are JWTs): nothing that starts like one.
        assertThat(pages).allSatisfy(p -> assertThat(p).doesNotContain("eyJ"));
        assertThat(cookieValues).allSatisfy(c -> assertThat(c).doesNotContain("eyJ"));
        assertThat(logLines).allSatisfy(l -> assertThat(l).doesNotContain("eyJ"));
        assertThat(logLines).anyMatch(l -> l.contains("console_signed_in"));
        assertThat(pages).hasSizeGreaterThan(8);
    }

    // ----- helpers ------------------------------------------------------------------------------

    private static void signIn(OktaOidcProvider.DemoUser user) {
        ConsoleBrowser.signIn(browser, console, sandbox.oktaBaseUrl(), user, () -> keep("okta sign-in"));
        browser.manage().getCookies().forEach(c -> cookieValues.add(c.getName() + "=" + c.getValue()));
    }

    private static void signOut() {
        browser.findElement(By.cssSelector("form.signout button")).click();
        awaitUrl(url -> url.equals(console + "/auth/signed-out"));
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "/auth/signed-out");
        browser.get(console + "/");
        assertThat(browser.getCurrentUrl()).startsWith(sandbox.oktaBaseUrl());
    }

    /**
     * A click on a form's button may return before the POST's redirect has been followed; wait (bounded) for the
     * navigation, then the caller asserts the URL as before.
     */
    private static void awaitUrl(java.util.function.Predicate<String> arrived) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100))
                    .until(d -> arrived.test(d.getCurrentUrl()));
        } catch (org.openqa.selenium.TimeoutException e) {
            // fall through: the caller's assertion reports the URL the browser is at
        }
    }

    private static void awaitRunStatus(String status) {
        ConsoleBrowser.awaitRunStatus(browser, status);
    }

    /** Keeps the page for the canary check and, when asked for, its screenshot. */
    private static void keep(String name) {
        pages.add(browser.getPageSource());
        browser.manage().getCookies().forEach(c -> cookieValues.add(c.getName() + "=" + c.getValue()));
        String target = System.getProperty("scephub.console.screenshots");
        if (target != null && !target.isBlank()) {
            try {
                Path out = Path.of(target);
                Files.createDirectories(out);
                byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
                Files.write(out.resolve(name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "") + ".png"), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static String sessionCookie() {
        return browser.manage().getCookieNamed("scephub-session").getValue();
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a csrf field in the page").isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> post(String path, String session, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", "scephub-session=" + session);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String url, String session) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (session != null) {
                request.header("Cookie", "scephub-session=" + session);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
