package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.OktaOidcProvider;
import io.scephub.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.slf4j.LoggerFactory;

/**
 * The console with two tenants (prod and preview, each its own sandbox Okta org and Intune tenant) in a real browser:
 * every page per tenant under {@code /tenants/NAME/...}, a tenant selector, and roles per tenant
 * ({@code server.console.tenants}): a person sees only the tenants their groups grant, and queues syncs only where they
 * operate, whatever they send. With {@code -Dscephub.console.screenshots=DIR} the pages' screenshots are written to DIR.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SandboxExtension.class)
class ConsoleTenantsBrowserTest {
    private static final List<String> PAGES = List.of("/", "/enrollments/windows-intune", "/syncs", "/renewals", "/challenges", "/audit");

    @TempDir
    static Path dir;
    static Sandbox prod;
    static Sandbox preview;
    static ServedHub serving;
    static ConsoleBrowser browser;
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    static String console;

    @BeforeAll
    static void start(Sandboxes sandboxes) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logs);
        context.getLogger("io.scephub").setLevel(Level.DEBUG);
        prod = sandboxes.named("prod");
        preview = sandboxes.named("preview");
        TwoTenants tenants = new TwoTenants(prod, preview);
        int port = ServedHub.freePort();
        console = "http://127.0.0.1:" + port;
        // Operators operate every tenant; the VIEWER demo user (groups Everyone, scephub-viewers) operates preview and only
        // views prod; the OUTSIDER (Everyone only) views prod alone.
        Path config = Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                schedule:
                  sync: "0 0 3 1 1 *"
                server:
                  listen: 127.0.0.1:%d
                  console:
                    issuer: %s
                    clientId: %s
                    clientSecret: ${env:CONSOLE_CLIENT_SECRET}
                    redirectUri: %s/auth/callback
                    operators: [ %s ]
                    tenants:
                      preview: { operators: [ %s ] }
                      prod: { viewers: [ Everyone ] }
                """.formatted(port, prod.oidc().issuer(), OktaOidcProvider.CONSOLE_CLIENT_ID, console, OktaOidcProvider.OPERATOR_GROUP,
                OktaOidcProvider.VIEWER_GROUP) + TwoTenants.WINDOWS_TEMPLATE + "tenants:\n" + tenants.entry("prod") + tenants.entry("preview"));
        Map<String, String> env = new HashMap<>(tenants.env());
        env.put("CONSOLE_CLIENT_SECRET", prod.oidc().clientSecret());
        serving = ServedHub.start(env, dir, config, console, "it-console-tenants-serve");
        browser = new ConsoleBrowser(console, prod.oktaBaseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
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
    void anAnonymousVisitorOfATenantsPageIsSentToOktaToSignIn() throws Exception {
        browser.get("/tenants/preview/syncs");

        assertThat(browser.url()).startsWith(prod.oktaBaseUrl() + "/oauth2/v1/authorize?").contains("code_challenge_method=S256");
        assertThat(browser.fetch("/tenants/prod/audit", null).statusCode()).isEqualTo(302);
        assertThat(browser.post("/tenants/preview/syncs", null, "mode=sync").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void someoneGrantedOneTenantSeesOnlyThatTenant() throws Exception {
        browser.signIn(OktaOidcProvider.OUTSIDER);

        assertThat(browser.h1()).isEqualTo("Overview");
        assertThat(browser.driver.findElements(By.cssSelector("section.tenant h2"))).extracting(WebElement::getText)
                .singleElement().asString().startsWith("Tenant prod");
        assertThat(browser.driver.findElements(By.cssSelector("nav.tenants a"))).extracting(WebElement::getText).containsExactly("prod");
        browser.record();

        browser.get("/syncs");
        assertThat(browser.url()).as("an unscoped page goes to a tenant this person may see").isEqualTo(console + "/tenants/prod/syncs");
        assertThat(browser.driver.findElements(By.id("queue-sync"))).isEmpty();
        browser.get("/tenants/preview/syncs");
        assertThat(browser.h1()).isEqualTo("Forbidden");
        assertThat(browser.driver.getPageSource()).contains("You may not see tenant preview");
        browser.get("/tenants/preview/enrollments/windows-intune");
        assertThat(browser.h1()).isEqualTo("Forbidden");
        browser.get("/tenants/nowhere/syncs");
        assertThat(browser.h1()).isEqualTo("Not found");
        String session = browser.sessionCookie();
        browser.get("/tenants/prod/syncs");
        String csrf = browser.csrf();
        HttpResponse<String> forged = browser.post("/tenants/preview/syncs", session, "mode=sync&csrf=" + csrf);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(TwoTenants.owned(preview)).isEmpty();
    }

    @Test
    @Order(3)
    void anOperatorOfOneTenantWhoViewsAnotherQueuesOnlyWhereTheyOperate() throws Exception {
        browser.signIn(OktaOidcProvider.VIEWER);
        assertThat(browser.driver.findElements(By.cssSelector("nav.tenants a"))).extracting(WebElement::getText)
                .containsExactly("prod", "preview");

        browser.get("/tenants/prod/syncs");
        assertThat(browser.driver.findElement(By.className("role")).getText()).isEqualTo("viewer");
        assertThat(browser.driver.findElements(By.id("queue-sync"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("queue-dry-run"))).isEmpty();
        String session = browser.sessionCookie();
        String csrf = browser.csrf();
        HttpResponse<String> noToken = browser.post("/tenants/prod/syncs", session, "mode=sync");
        HttpResponse<String> withToken = browser.post("/tenants/prod/syncs", session, "mode=sync&csrf=" + csrf);
        HttpResponse<String> unscoped = browser.post("/syncs", session, "mode=sync&csrf=" + csrf);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(403);
        assertThat(withToken.body()).contains("Only operators may queue syncs; you are signed in as a viewer of tenant prod");
        assertThat(unscoped.statusCode()).as("an unscoped POST never guesses a tenant").isEqualTo(404);
        browser.submitForm("/tenants/prod/syncs", "mode=sync&csrf=" + csrf);
        browser.await(() -> browser.h1().equals("Forbidden"));
        assertThat(browser.h1()).isEqualTo("Forbidden");
        assertThat(TwoTenants.owned(prod)).isEmpty();

        browser.get("/tenants/preview/syncs");
        assertThat(browser.driver.findElement(By.className("role")).getText()).isEqualTo("operator");
        browser.driver.findElement(By.id("queue-sync")).click();
        browser.await(() -> browser.url().startsWith(console + "/tenants/preview/syncs/"));
        assertThat(browser.url()).startsWith(console + "/tenants/preview/syncs/");
        browser.awaitRunStatus("succeeded");
        assertThat(browser.driver.getPageSource()).contains("intune.scep-profile/windows-intune").contains("applied");
        browser.record();
        String runPath = URI.create(browser.url()).getPath();
        assertThat(browser.fetch(runPath.replace("/tenants/preview/", "/tenants/prod/"), session).statusCode())
                .as("a preview run is not prod's").isEqualTo(404);
        assertThat(TwoTenants.owned(preview)).as("its trusted root and SCEP profile").hasSize(2);
        assertThat(TwoTenants.owned(prod)).as("nothing was written to prod").isEmpty();
    }

    @Test
    @Order(4)
    void anOperatorSeesEachTenantsOwnPagesAndADriftInOneTenantShowsOnlyThereAfterTheNextSync() throws Exception {
        browser.signIn(OktaOidcProvider.OPERATOR);
        browser.get("/tenants/prod/syncs");
        assertThat(browser.driver.getPageSource()).as("no refused request queued a prod run").contains("No sync has run yet");
        browser.get("/tenants/preview/syncs");
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).as("only the preview operator's run").hasSize(1);
        browser.get("/tenants/prod/syncs");
        browser.driver.findElement(By.id("queue-sync")).click();
        browser.await(() -> browser.url().startsWith(console + "/tenants/prod/syncs/"));
        browser.awaitRunStatus("succeeded");
        assertThat(TwoTenants.owned(prod)).hasSize(2);

        for (String tenant : List.of("prod", "preview")) {
            for (String page : PAGES) {
                browser.get("/tenants/" + tenant + page);
                assertThat(browser.url()).isEqualTo(console + "/tenants/" + tenant + page);
                assertThat(browser.h1()).isNotBlank().isNotEqualTo("Error").isNotEqualTo("Not found").isNotEqualTo("Forbidden");
                assertThat(browser.driver.findElement(By.id("current-tenant")).getText()).isEqualTo(tenant);
                assertThat(browser.driver.findElement(By.cssSelector("nav.tenants a[aria-current='page']")).getText()).isEqualTo(tenant);
                assertThat(browser.driver.findElements(By.cssSelector("header nav a"))).extracting(a -> a.getAttribute("href"))
                        .filteredOn(href -> !href.endsWith("/tenants/prod/") && !href.endsWith("/tenants/preview/"))
                        .allSatisfy(href -> assertThat(href).startsWith(console + "/tenants/" + tenant + "/"));
                if (tenant.equals("preview") && page.equals("/syncs")) {
                    browser.keep("tenants preview syncs");
                } else {
                    browser.record();
                }
            }
        }
        browser.get("/tenants/prod/syncs");
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).as("prod's one run").hasSize(1);

        String profileId = preview.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/windows-intune]"))
                .findFirst().orElseThrow().path("id").asText();
        TwoTenants.patchScepUrl(preview, TwoTenants.WINDOWS_PROFILE, profileId, "https://scep.drifted.example/scep");
        browser.get("/tenants/preview/syncs");
        browser.driver.findElement(By.id("queue-dry-run")).click();
        browser.await(() -> browser.url().startsWith(console + "/tenants/preview/syncs/"));
        browser.awaitRunStatus("succeeded");

        browser.get("/");
        assertThat(browser.driver.findElements(By.cssSelector("section.tenant h2"))).extracting(WebElement::getText)
                .satisfiesExactly(h -> assertThat(h).startsWith("Tenant prod"), h -> assertThat(h).startsWith("Tenant preview"));
        assertThat(row("prod")).contains("in sync");
        assertThat(row("preview")).contains("drifting");
        browser.keep("tenants operator overview");
        browser.get("/tenants/preview/enrollments/windows-intune");
        browser.keep("tenants preview drift enrollment");
        assertThat(browser.driver.getPageSource()).contains("scepServerUrls").contains("https://scep.drifted.example/scep").contains(profileId);
        browser.get("/tenants/prod/enrollments/windows-intune");
        assertThat(browser.driver.getPageSource()).doesNotContain("scep.drifted.example");
    }

    @Test
    @Order(5)
    void noSecretReachesAPageACookieOrTheLog() throws Exception {
        List<String> canaries = List.of(prod.oidc().clientSecret(), prod.options().oktaApiToken(), prod.options().clientSecret(),
                preview.options().oktaApiToken(), preview.options().clientSecret(), OktaOidcProvider.VIEWER.password(),
                OktaOidcProvider.OPERATOR.password(), OktaOidcProvider.OUTSIDER.password());
        List<String> logLines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(browser.pages).hasSizeGreaterThan(15);
        for (String canary : canaries) {
            assertThat(browser.pages).allSatisfy(p -> assertThat(p).doesNotContain(canary));
            assertThat(browser.cookieValues).allSatisfy(c -> assertThat(c).doesNotContain(canary));
            assertThat(logLines).allSatisfy(l -> assertThat(l).doesNotContain(canary));
            assertThat(serving.output()).doesNotContain(canary);
        }
        assertThat(browser.pages).allSatisfy(p -> assertThat(p).doesNotContain("eyJ"));
        assertThat(logLines).allSatisfy(l -> assertThat(l).doesNotContain("eyJ"));
        assertThat(logLines).anyMatch(l -> l.contains("console_forbidden") && l.contains("tenant=prod") && l.contains("reason=role"));
    }

    // ----- helpers ------------------------------------------------------------------------------

    private static String row(String tenant) {
        return browser.driver.findElement(By.xpath("//section[h2[starts-with(normalize-space(.), 'Tenant " + tenant
                + "')]]//tr[th/a[text()='windows-intune']]")).getText();
    }
}
